package dev.gantry.server.alerts;

import dev.gantry.api.RouterReport;
import dev.gantry.server.store.Redis;
import io.lettuce.core.RedisFuture;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routers' request and error counts per app, release and second, kept in Redis so that every control plane on
 * it measures the same error rate whichever of them a router reports to (each router reports to one). One hash per
 * app ({@code gantry:traffic:<app>}) with the fields {@code <second>:<release>:r} and {@code ...:e}, added to with
 * HINCRBY as reports arrive; fields older than {@link #KEEP} are removed as the app is read, and the whole hash
 * expires when no router has reported for the app for that long. Latencies stay in memory ({@code Traffic}): the
 * alerts need only counts.
 */
final class SharedTraffic {
    /** How far back counts are kept: the error window and a minute of slack for late reports. */
    static final Duration KEEP = Readings.ERROR_WINDOW.plusMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(SharedTraffic.class);
    private static final String PREFIX = "gantry:traffic:";
    private final Redis redis;
    private final Clock clock;

    SharedTraffic(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** Adds an accepted report's samples to the current second, one round trip per app. */
    void record(RouterReport report) {
        long second = Math.floorDiv(clock.millis(), 1000);
        Map<String, Map<String, Long>> byApp = new HashMap<>();
        for (RouterReport.Sample s : report.samples()) {
            long errors = Math.min(s.requests(), s.errors() + s.connectFailures());
            if (s.requests() == 0) continue;
            Map<String, Long> fields = byApp.computeIfAbsent(s.app(), a -> new HashMap<>());
            fields.merge(second + ":" + s.release() + ":r", s.requests(), Long::sum);
            if (errors > 0) fields.merge(second + ":" + s.release() + ":e", errors, Long::sum);
        }
        if (byApp.isEmpty()) return;
        var async = redis.connection().async();
        List<RedisFuture<?>> sent = new ArrayList<>();
        byApp.forEach((app, fields) -> {
            fields.forEach((field, n) -> sent.add(async.hincrby(PREFIX + app, field, n)));
            sent.add(async.expire(PREFIX + app, KEEP.toSeconds()));
        });
        for (RedisFuture<?> f : sent) {
            try {
                f.get(Redis.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.warn("could not share router counts router={} error={}", report.router(), e.toString());
                return;
            }
        }
    }

    /** Requests and errors of {@code app}'s {@code releases} in the seconds that start in {@code [from, to)}. */
    Counts counts(String app, Set<Integer> releases, long fromMillis, long toMillis) {
        Map<String, String> fields = redis.sync().hgetall(PREFIX + app);
        long first = Math.ceilDiv(fromMillis, 1000);
        long end = Math.ceilDiv(toMillis, 1000);
        long oldest = Math.floorDiv(clock.millis(), 1000) - KEEP.toSeconds();
        long requests = 0;
        long errors = 0;
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String[] parts = f.getKey().split(":");
            if (parts.length != 3) continue;
            long second;
            int release;
            long n;
            try {
                second = Long.parseLong(parts[0]);
                release = Integer.parseInt(parts[1]);
                n = Long.parseLong(f.getValue());
            } catch (NumberFormatException e) {
                continue;
            }
            if (second < oldest) stale.add(f.getKey());
            if (second < first || second >= end || !releases.contains(release)) continue;
            if (parts[2].equals("r")) requests += n;
            else if (parts[2].equals("e")) errors += n;
        }
        if (!stale.isEmpty()) redis.sync().hdel(PREFIX + app, stale.toArray(String[]::new));
        return new Counts(requests, Math.min(errors, requests));
    }

    /** Requests answered or failed, and of those the 5xx answers and connection failures. */
    record Counts(long requests, long errors) {}
}
