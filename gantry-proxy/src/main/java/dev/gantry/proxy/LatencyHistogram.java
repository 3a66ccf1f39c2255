package dev.gantry.proxy;

import java.util.concurrent.atomic.LongAdder;

/** Fixed-bucket latency histogram, safe for concurrent recording, cheap enough for every request. */
final class LatencyHistogram {
    /** Upper bounds in seconds; the last bucket (+Inf) is implicit. */
    static final double[] BOUNDS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
    };

    private static final long[] BOUNDS_NANOS = new long[BOUNDS.length];

    static {
        for (int i = 0; i < BOUNDS.length; i++) BOUNDS_NANOS[i] = (long) (BOUNDS[i] * 1e9);
    }

    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    }

    void record(long nanos) {
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) i++;
        buckets[i].increment();
        sumNanos.add(nanos);
    }

    /** Per-bucket counts (not cumulative), length {@code BOUNDS.length + 1}. */
    long[] counts() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < counts.length; i++) counts[i] = buckets[i].sum();
        return counts;
    }

    double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }

    /** Upper bound of the bucket holding quantile q, in milliseconds; 0 when empty. */
    static double percentileMillis(long[] counts, double q) {
        long total = 0;
        for (long c : counts) total += c;
        if (total == 0) return 0;
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) return i < BOUNDS.length ? BOUNDS[i] * 1000 : Double.POSITIVE_INFINITY;
        }
        return Double.POSITIVE_INFINITY;
    }
}
