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
        requests[i] += r;
        errors[i] += e;
        if (h != null && h.getTotalCount() > 0) {
            if (latency[i] == null) latency[i] = new PackedHistogram(h.getNumberOfSignificantValueDigits());
            latency[i].add(h);
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
            r += requests[i];
            e += errors[i];
            if (latency[i] != null) merged.add(latency[i]);
        }
        return new Totals(r, e, merged);
    }

    record Totals(long requests, long errors, Histogram latency) {}
}
