package dev.gantry.server.analysis;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * One app release's traffic, a bucket per second for {@link #SECONDS} seconds in a ring: requests,
 * errors and the merged latency histogram (packed: its memory follows the values it holds). Guarded
 * by {@code this}.
 */
final class TrafficSeries {
    static final int SECONDS = (int) Traffic.RETENTION.toSeconds();

    private final long[] secondOf = new long[SECONDS];
    private final long[] requests = new long[SECONDS];
    private final long[] errors = new long[SECONDS];
    private final Histogram[] latency = new Histogram[SECONDS];
    private long lastSecond = Long.MIN_VALUE;

    TrafficSeries() {
        java.util.Arrays.fill(secondOf, Long.MIN_VALUE);
    }

    synchronized void add(long second, long r, long e, Histogram h) {
        int i = (int) Math.floorMod(second, (long) SECONDS);
        if (secondOf[i] != second) {
            secondOf[i] = second;
            requests[i] = 0;
            errors[i] = 0;
            latency[i] = null;
        }
        requests[i] = plus(requests[i], r);
        errors[i] = plus(errors[i], e);
        if (h != null && h.getTotalCount() > 0) {
            if (latency[i] == null) latency[i] = new PackedHistogram(h.getNumberOfSignificantValueDigits());
            if (latency[i].getTotalCount() + h.getTotalCount() <= LatencyHistogram.MAX_TOTAL_COUNT) latency[i].add(h);
        }
        lastSecond = Math.max(lastSecond, second);
    }

    synchronized long lastSecond() {
        return lastSecond;
    }

    /** The sums over the seconds {@code [first, end)}. */
    synchronized Totals totals(long first, long end) {
        long r = 0;
        long e = 0;
        Histogram merged = new Histogram(LatencyHistogram.MAX_SIGNIFICANT_DIGITS);
        for (long s = first; s < end; s++) {
            int i = (int) Math.floorMod(s, (long) SECONDS);
            if (secondOf[i] != s) continue;
            r = plus(r, requests[i]);
            e = plus(e, errors[i]);
            if (latency[i] != null) merged.add(latency[i]);
        }
        return new Totals(r, e, merged);
    }

    /**
     * {@code a + b} for counts ({@code >= 0}), {@link Long#MAX_VALUE} past it: reports are not trusted to keep
     * sums in range, and a wrapped sum would be negative. A second's latencies stop being merged past
     * {@link LatencyHistogram#MAX_TOTAL_COUNT}, so merged histograms cannot overflow either.
     */
    static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    record Totals(long requests, long errors, Histogram latency) {}
}
