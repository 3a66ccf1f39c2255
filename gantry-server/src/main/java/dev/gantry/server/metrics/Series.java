package dev.gantry.server.metrics;

/**
 * One subject's metrics: a ring of one-second steps and a ring of one-minute steps. When the seconds
 * move into a new minute, the minute before is rolled up from the seconds (each {@link Metric} its own
 * way) into the minute ring and handed to {@link Minutes} to be kept in Redis. Thread-safe.
 */
final class Series {
    private final Subject subject;
    private final Ring seconds;
    private final Ring minutes;
    private final Minutes sink;

    Series(Subject subject, SeriesSettings settings, Minutes sink) {
        this.subject = subject;
        this.seconds = new Ring(settings.fineSlots());
        this.minutes = new Ring(settings.coarseSlots());
        this.sink = sink;
    }

    /** Where rolled-up minutes go (Redis). */
    @FunctionalInterface
    interface Minutes {
        void rolledUp(Subject subject, long minute, float[] values);
    }

    synchronized void set(long second, Metric m, double value) {
        moveTo(second);
        seconds.set(second, m, value);
    }

    synchronized void add(long second, Metric m, double value) {
        moveTo(second);
        seconds.add(second, m, value);
    }

    synchronized void max(long second, Metric m, double value) {
        moveTo(second);
        seconds.max(second, m, value);
    }

    /** The values of {@code m} for steps {@code [first, end)} of one second or one minute; NaN where none. */
    synchronized float[] read(Metric m, boolean perMinute, long first, long end) {
        Ring ring = perMinute ? minutes : seconds;
        float[] out = new float[(int) (end - first)];
        for (long s = first; s < end; s++) out[(int) (s - first)] = ring.get(s, m);
        return out;
    }

    /** The second of the newest sample. */
    synchronized long newestSecond() {
        return seconds.newest();
    }

    /** Rolls up the minute of the newest second (the subject is being forgotten). */
    synchronized void flush() {
        long newest = seconds.newest();
        if (newest != Long.MIN_VALUE) rollUp(Math.floorDiv(newest, 60));
    }

    synchronized int retainedFloats() {
        return seconds.retainedFloats() + minutes.retainedFloats();
    }

    private void moveTo(long second) {
        long newest = seconds.newest();
        if (newest != Long.MIN_VALUE && Math.floorDiv(second, 60) > Math.floorDiv(newest, 60))
            rollUp(Math.floorDiv(newest, 60));
    }

    private void rollUp(long minute) {
        float[] values = new float[Metric.COUNT];
        boolean any = false;
        for (Metric m : Metric.values()) {
            values[m.ordinal()] = rollUp(m, minute * 60);
            if (!Float.isNaN(values[m.ordinal()])) {
                minutes.set(minute, m, values[m.ordinal()]);
                any = true;
            }
        }
        if (any) sink.rolledUp(subject, minute, values);
    }

    private float rollUp(Metric m, long firstSecond) {
        double total = 0;
        int n = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (long s = firstSecond; s < firstSecond + 60; s++) {
            float v = seconds.get(s, m);
            if (Float.isNaN(v)) continue;
            total += v;
            max = Math.max(max, v);
            n++;
        }
        if (n == 0) return Float.NaN;
        return switch (m.rollup) {
            case MEAN -> (float) (total / n);
            case SUM -> (float) total;
            case MAX -> (float) max;
        };
    }
}
