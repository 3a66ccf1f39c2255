package dev.gantry.server.metrics;

import dev.gantry.server.store.Redis;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-minute series in Redis, so they outlive the control plane: one list per subject
 * ({@code gantry:series:<scope>:<id>}), one entry per minute ({@code "<minute> <value> ..."}, a value per
 * {@link Metric} in order, {@code -} for none), trimmed to the coarse retention and expiring that long after
 * its last write. Writes are asynchronous: a report never waits on Redis, and a write that fails is logged
 * and lost (the in-memory series still has it).
 */
final class MinuteStore implements Series.Minutes {
    static final String PREFIX = "gantry:series:";
    private static final Logger log = LoggerFactory.getLogger(MinuteStore.class);
    private final Redis redis;
    private final SeriesSettings settings;

    MinuteStore(Redis redis, SeriesSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    /** Keeps nothing: for a store with no Redis behind it. */
    static MinuteStore none(SeriesSettings settings) {
        return new MinuteStore(null, settings);
    }

    @Override
    public void rolledUp(Subject subject, long minute, float[] values) {
        if (redis == null) return;
        String key = key(subject);
        var async = redis.connection().async();
        async.rpush(key, entry(minute, values));
        async.ltrim(key, -settings.coarseSlots(), -1);
        async.expire(key, settings.coarseRetention().toSeconds()).exceptionally(e -> {
            log.warn("could not keep a minute of series subject={} error={}", key, e.toString());
            return null;
        });
    }

    /** Fills the NaN values of {@code out} (minutes {@code first} onwards) with what Redis holds of {@code m}. */
    void fill(Subject subject, Metric m, long first, float[] out) {
        if (redis == null) return;
        List<String> entries;
        try {
            entries = redis.sync().lrange(key(subject), 0, -1);
        } catch (RuntimeException e) {
            log.warn("could not read series from Redis subject={} error={}", key(subject), e.toString());
            return;
        }
        for (String entry : entries) {
            String[] f = entry.split(" ");
            if (f.length != Metric.COUNT + 1) continue;
            long i = Long.parseLong(f[0]) - first;
            String v = f[1 + m.ordinal()];
            if (i >= 0 && i < out.length && Float.isNaN(out[(int) i]) && !v.equals("-"))
                out[(int) i] = Float.parseFloat(v);
        }
    }

    static String entry(long minute, float[] values) {
        StringBuilder b = new StringBuilder().append(minute);
        for (float v : values) b.append(' ').append(Float.isNaN(v) ? "-" : Float.toString(v));
        return b.toString();
    }

    private static String key(Subject s) {
        return PREFIX + s.scope().label() + ":" + s.id();
    }
}
