package dev.gantry.server.releases;

import dev.gantry.api.Json;
import dev.gantry.server.store.Redis;
import java.util.List;
import java.util.Optional;

/**
 * Blue-green standbys in Redis, so that a restarted control plane keeps them and still stops each at the end of its
 * window.
 *
 * <pre>
 * gantry:standbys   hash app -> Standby JSON
 * </pre>
 */
final class StandbyStore {
    private static final String KEY = "gantry:standbys";
    private final Redis redis;

    StandbyStore(Redis redis) {
        this.redis = redis;
    }

    void save(Standby s) {
        redis.sync().hset(KEY, s.app(), Json.write(s));
    }

    Optional<Standby> get(String app) {
        return Optional.ofNullable(redis.sync().hget(KEY, app)).map(j -> Json.read(j, Standby.class));
    }

    List<Standby> all() {
        return redis.sync().hvals(KEY).stream()
                .map(j -> Json.read(j, Standby.class))
                .toList();
    }

    void remove(String app) {
        redis.sync().hdel(KEY, app);
    }
}
