package dev.gantry.bench.monitoring;

import java.util.Arrays;

/** A growable list of latencies (any unit) with nearest-rank percentiles; one writer at a time. */
final class Latencies {
    private long[] values = new long[1024];
    private int size;

    synchronized void add(long value) {
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = value;
    }

    synchronized void addAll(Latencies other) {
        long[] theirs;
        int n;
        synchronized (other) {
            theirs = other.values;
            n = other.size;
        }
        for (int i = 0; i < n; i++) add(theirs[i]);
    }

    synchronized int size() {
        return size;
    }

    /** The nearest-rank {@code p}-th percentile (0 < p <= 100); 0 when empty. */
    synchronized long percentile(double p) {
        if (size == 0) return 0;
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    synchronized long max() {
        return size == 0 ? 0 : Arrays.stream(values, 0, size).max().orElse(0);
    }
}
