package dev.gantry.server.alerts;

import dev.gantry.api.Json;
import dev.gantry.api.alerts.Silence;
import dev.gantry.server.store.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Silences in Redis ({@code gantry:alerts:silences}, id to JSON), shared by every control plane; expired ones are dropped when read. */
final class Silences {
    private static final String KEY = "gantry:alerts:silences";
    private final Redis redis;
    private final Clock clock;

    Silences(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    Silence add(String app, Duration length, String reason, String by) {
        Silence s = new Silence(UUID.randomUUID().toString(), app, clock.millis() + length.toMillis(), reason, by);
        redis.sync().hset(KEY, s.id(), Json.write(s));
        return s;
    }

    /** The silences in force now. */
    List<Silence> active() {
        long now = clock.millis();
        List<Silence> all = redis.sync().hvals(KEY).stream()
                .map(j -> Json.read(j, Silence.class))
                .toList();
        all.stream().filter(s -> s.until() <= now).forEach(s -> redis.sync().hdel(KEY, s.id()));
        return all.stream().filter(s -> s.until() > now).toList();
    }

    static boolean covers(List<Silence> active, String app) {
        return app != null && active.stream().anyMatch(s -> s.app().equals(app));
    }
}
