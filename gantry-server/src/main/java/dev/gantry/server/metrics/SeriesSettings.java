package dev.gantry.server.metrics;

import dev.gantry.api.Durations;
import java.time.Duration;

/**
 * How much history the control plane keeps of each subject's metrics. Steps are one second and one
 * minute; how long each is kept is configurable.
 *
 * @param fineRetention   how long the one-second series go back (at least a minute); a subject that
 *                        reports nothing for this long is forgotten from memory (its minutes stay in Redis)
 * @param coarseRetention how long the one-minute series go back, in memory and in Redis (at least the
 *                        fine retention)
 * @param maxSeries       the most subjects (instances, hosts, apps, releases) kept at once; samples of
 *                        further subjects are dropped with a log line
 */
public record SeriesSettings(Duration fineRetention, Duration coarseRetention, int maxSeries) {
    public static final SeriesSettings DEFAULT = new SeriesSettings(Duration.ofHours(1), Duration.ofDays(1), 5_000);

    public SeriesSettings {
        if (fineRetention == null || fineRetention.compareTo(Duration.ofMinutes(1)) < 0)
            throw new IllegalArgumentException("fineRetention: must be at least 1m, was " + text(fineRetention));
        if (coarseRetention == null || coarseRetention.compareTo(fineRetention) < 0)
            throw new IllegalArgumentException("coarseRetention: must be at least fineRetention (" + text(fineRetention)
                    + "), was " + text(coarseRetention));
        if (fineRetention.toSeconds() > 7 * 86_400)
            throw new IllegalArgumentException("fineRetention: must be at most 7d, was " + text(fineRetention));
        if (coarseRetention.toMinutes() > 90 * 1_440)
            throw new IllegalArgumentException("coarseRetention: must be at most 90d, was " + text(coarseRetention));
        if (maxSeries < 1) throw new IllegalArgumentException("maxSeries: must be >= 1, was " + maxSeries);
    }

    /**
     * The most memory the series can take: every subject with every metric written, 4 bytes a step. The
     * defaults' 5,000 subjects of an hour of seconds and a day of minutes come to 865 MiB; a few apps of a
     * few instances take a fraction of that (a subject's rings are made for the metrics written to it).
     */
    public long maxBytes() {
        return (long) maxSeries * Metric.COUNT * 4L * (fineSlots() + coarseSlots());
    }

    private static String text(Duration d) {
        return d == null ? "null" : Durations.format(d);
    }

    int fineSlots() {
        return (int) fineRetention.toSeconds();
    }

    int coarseSlots() {
        return (int) coarseRetention.toMinutes();
    }
}
