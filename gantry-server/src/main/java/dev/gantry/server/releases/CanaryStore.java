package dev.gantry.server.releases;

import dev.gantry.api.Json;
import dev.gantry.server.store.Redis;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Optional;

/**
 * Canaries in Redis: the running ones (which the route table splits on) and each app's latest, kept after it
 * ends so that {@code gantry canary status} can say how it went.
 *
 * <pre>
 * gantry:canaries          hash: app to the CanaryState JSON of its running canary
 * gantry:canary:last:{app} the CanaryState JSON of its latest canary, running or ended
 * </pre>
 */
final class CanaryStore {
    private static final String RUNNING = "gantry:canaries";
    private final Redis redis;

    CanaryStore(Redis redis) {
        this.redis = redis;
    }

    void save(CanaryState s) {
        String json = Json.write(s);
        if (s.running()) cmd().hset(RUNNING, s.app(), json);
        else cmd().hdel(RUNNING, s.app());
        cmd().set(last(s.app()), json);
    }

    /** The app's running canary, if it belongs to {@code deployment}. */
    Optional<CanaryState> running(String app, String deployment) {
        return Optional.ofNullable(cmd().hget(RUNNING, app))
                .map(j -> Json.read(j, CanaryState.class))
                .filter(s -> s.deployment().equals(deployment));
    }

    List<CanaryState> running() {
        return cmd().hvals(RUNNING).stream()
                .map(j -> Json.read(j, CanaryState.class))
                .toList();
    }

    Optional<CanaryState> latest(String app) {
        return Optional.ofNullable(cmd().get(last(app))).map(j -> Json.read(j, CanaryState.class));
    }

    void forget(String app) {
        cmd().hdel(RUNNING, app);
        cmd().del(last(app));
    }

    private static String last(String app) {
        return "gantry:canary:last:" + app;
    }

    private RedisCommands<String, String> cmd() {
        return redis.sync();
    }
}
