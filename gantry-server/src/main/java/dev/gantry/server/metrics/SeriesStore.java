package dev.gantry.server.metrics;

import dev.gantry.api.MetricSeries;
import dev.gantry.server.store.Redis;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every subject's metrics at fixed cost: per {@link Subject}, a {@link Series} of preallocated rings (one
 * second for {@link SeriesSettings#fineRetention()}, one minute for {@link SeriesSettings#coarseRetention()}),
 * the minutes also in Redis ({@link MinuteStore}). At most {@link SeriesSettings#maxSeries()} subjects: a
 * sample for one more is dropped, with one log line each time the cap is reached. A subject nothing was
 * written for in the fine retention is forgotten (checked once a minute, on a write). Samples count in the
 * second they arrive in, by this store's clock. Thread-safe.
 */
public final class SeriesStore {
    private static final Logger log = LoggerFactory.getLogger(SeriesStore.class);
    private final Clock clock;
    private final SeriesSettings settings;
    private final MinuteStore minutes;
    private final ConcurrentHashMap<Subject, Series> series = new ConcurrentHashMap<>();
    private final AtomicBoolean capped = new AtomicBoolean();
    private volatile long lastSweepSecond;

    SeriesStore(Clock clock, SeriesSettings settings, MinuteStore minutes) {
        this.clock = clock;
        this.settings = settings;
        this.minutes = minutes;
        this.lastSweepSecond = second();
    }

    /** A store keeping its minutes in {@code redis} (null: in memory only). */
    public static SeriesStore create(Clock clock, SeriesSettings settings, Redis redis) {
        return new SeriesStore(clock, settings, new MinuteStore(redis, settings));
    }

    public void set(Subject subject, Metric m, double value) {
        long s = second();
        Series x = series(subject, s);
        if (x != null) x.set(s, m, value);
    }

    public void add(Subject subject, Metric m, double value) {
        long s = second();
        Series x = series(subject, s);
        if (x != null) x.add(s, m, value);
    }

    public void max(Subject subject, Metric m, double value) {
        long s = second();
        Series x = series(subject, s);
        if (x != null) x.max(s, m, value);
    }

    /**
     * The values of {@code m} for {@code subject} in {@code [fromMillis, toMillis)}, one per step that starts
     * in it (null where nothing was recorded). One-minute steps before this control plane started come
     * from Redis.
     */
    public MetricSeries read(Subject subject, Metric m, Step step, long fromMillis, long toMillis) {
        long first = Math.ceilDiv(fromMillis, step.millis);
        long end = Math.max(first, Math.ceilDiv(toMillis, step.millis));
        if (end - first > Step.MAX_POINTS)
            throw new IllegalArgumentException(
                    "to: at most " + Step.MAX_POINTS + " steps of " + step.label + " after from, was " + (end - first));
        Series x = series.get(subject);
        float[] values = x == null ? nans((int) (end - first)) : x.read(m, step == Step.MINUTE, first, end);
        if (step == Step.MINUTE) minutes.fill(subject, m, first, values);
        List<Double> out = new ArrayList<>(values.length);
        for (float v : values) out.add(Float.isNaN(v) ? null : (double) v);
        return new MetricSeries(
                subject.scope().label(), subject.id(), m.label(), step.label, first * step.millis, step.millis, out);
    }

    /** How many subjects are kept. */
    public int size() {
        return series.size();
    }

    /** How many floats all series hold: the store's footprint, independent of how long it ran. */
    public long retainedFloats() {
        long n = 0;
        for (Series x : series.values()) n += x.retainedFloats();
        return n;
    }

    public SeriesSettings settings() {
        return settings;
    }

    private Series series(Subject subject, long second) {
        sweep(second);
        Series x = series.get(subject);
        if (x != null) return x;
        if (series.size() >= settings.maxSeries()) {
            if (capped.compareAndSet(false, true))
                log.warn(
                        "series cap reached maxSeries={}: samples of further subjects are dropped until idle ones"
                                + " expire (first dropped: {} {})",
                        settings.maxSeries(),
                        subject.scope().label(),
                        subject.id());
            return null;
        }
        return series.computeIfAbsent(subject, s -> new Series(s, settings, minutes));
    }

    /** Once a minute, forgets the subjects nothing was written for in the fine retention (after keeping their last minute). */
    private void sweep(long second) {
        if (second - lastSweepSecond < 60) return;
        lastSweepSecond = second;
        long idle = settings.fineSlots();
        series.entrySet().removeIf(e -> {
            if (second - e.getValue().newestSecond() < idle) return false;
            e.getValue().flush();
            return true;
        });
        if (series.size() < settings.maxSeries() && capped.compareAndSet(true, false))
            log.info("series below their cap again maxSeries={} series={}", settings.maxSeries(), series.size());
    }

    private long second() {
        return Math.floorDiv(clock.millis(), 1000);
    }

    private static float[] nans(int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, Float.NaN);
        return v;
    }

    /** The resolutions series are read at. */
    public enum Step {
        SECOND("1s", 1_000),
        MINUTE("1m", 60_000);

        static final int MAX_POINTS = 100_000;
        final String label;
        final long millis;

        Step(String label, long millis) {
            this.label = label;
            this.millis = millis;
        }

        public static Step parse(String text) {
            if (text == null || text.isBlank() || text.equals("1s")) return SECOND;
            if (text.equals("1m")) return MINUTE;
            throw new IllegalArgumentException("step: must be 1s or 1m, was " + text);
        }

        public long millis() {
            return millis;
        }
    }
}
