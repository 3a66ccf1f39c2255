package dev.gantry.analysis.sequential;

import java.util.List;

/**
 * All latency samples of one arm so far, in log-spaced buckets 1% wide (from 1 µs to 10^9 ms), so memory stays
 * fixed however long a canary runs. Order statistics come back as bucket edges: the lower edge for a lower
 * confidence bound and the upper edge for an upper one, which only widens the bounds, so coverage holds.
 */
final class LatencyHistogram {
    private static final double MIN_MS = 1e-3, MAX_MS = 1e9, GROWTH = 1.01;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    private static final int BUCKETS = 2 + (int) Math.ceil(Math.log(MAX_MS / MIN_MS) / LOG_GROWTH);

    private final long[] counts = new long[BUCKETS];
    private long total;

    void addAll(List<Double> latenciesMs) {
        for (double v : latenciesMs) counts[bucket(v)]++;
        total += latenciesMs.size();
    }

    long total() {
        return total;
    }

    /** The bucket holding the k-th smallest sample, 1 &lt;= k &lt;= total. */
    int bucketOf(long k) {
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= k) return i;
        }
        throw new IllegalArgumentException("k: must be 1.." + total + ", was " + k);
    }

    static double lowerEdge(int bucket) {
        return bucket == 0 ? 0 : MIN_MS * Math.pow(GROWTH, bucket - 1);
    }

    static double upperEdge(int bucket) {
        return bucket == BUCKETS - 1 ? Double.POSITIVE_INFINITY : MIN_MS * Math.pow(GROWTH, bucket);
    }

    /** A point inside the bucket: its geometric middle (half a bucket from either edge). */
    static double middle(int bucket) {
        return bucket == 0 ? MIN_MS / 2 : MIN_MS * Math.pow(GROWTH, bucket - 0.5);
    }

    private static int bucket(double ms) {
        if (ms < MIN_MS) return 0;
        return (int) Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(ms / MIN_MS) / LOG_GROWTH));
    }
}
