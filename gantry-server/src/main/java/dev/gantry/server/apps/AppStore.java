package dev.gantry.server.apps;

import dev.gantry.api.HistoryEvent;
import dev.gantry.api.Json;
import dev.gantry.api.Release;
import dev.gantry.server.store.Redis;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Apps, releases, desired instances and history in Redis, the store of record.
 *
 * <pre>
 * gantry:apps               set of app names
 * gantry:app:{name}         AppRecord JSON
 * gantry:releases:{name}    hash release number -> Release JSON
 * gantry:release-seq:{name} last release number
 * gantry:desired            hash instance id -> Placement JSON
 * gantry:desired-version    bumped on every change of gantry:desired
 * gantry:history            list of HistoryEvent JSON, newest first, capped
 * </pre>
 *
 * Deleting an app removes its record and releases; its release counter stays, so an app made again
 * under the name never reuses a number (agents cache artifacts by app and number), and its history
 * stays, as the audit trail of who deleted it.
 */
public final class AppStore {
    private static final int HISTORY_CAP = 1000;
    private final Redis redis;

    public AppStore(Redis redis) {
        this.redis = redis;
    }

    public List<AppRecord> apps() {
        return cmd().smembers("gantry:apps").stream()
                .sorted()
                .map(this::app)
                .flatMap(Optional::stream)
                .toList();
    }

    public Optional<AppRecord> app(String name) {
        return Optional.ofNullable(cmd().get("gantry:app:" + name)).map(j -> Json.read(j, AppRecord.class));
    }

    public void save(AppRecord app) {
        cmd().set("gantry:app:" + app.name(), Json.write(app));
        cmd().sadd("gantry:apps", app.name());
    }

    /** Forgets the app and its releases (placements are removed one by one, before). */
    public void delete(String name) {
        cmd().del("gantry:app:" + name, "gantry:releases:" + name);
        cmd().srem("gantry:apps", name);
    }

    public int nextReleaseNumber(String app) {
        return cmd().incr("gantry:release-seq:" + app).intValue();
    }

    public void save(Release release) {
        cmd().hset("gantry:releases:" + release.app(), String.valueOf(release.number()), Json.write(release));
    }

    public Optional<Release> release(String app, int number) {
        return Optional.ofNullable(cmd().hget("gantry:releases:" + app, String.valueOf(number)))
                .map(j -> Json.read(j, Release.class));
    }

    public List<Release> releases(String app) {
        return cmd().hvals("gantry:releases:" + app).stream()
                .map(j -> Json.read(j, Release.class))
                .sorted(Comparator.comparingInt(Release::number).reversed())
                .toList();
    }

    public List<Placement> placements() {
        return cmd().hvals("gantry:desired").stream()
                .map(j -> Json.read(j, Placement.class))
                .toList();
    }

    public List<Placement> placements(String app) {
        return placements().stream().filter(p -> p.app().equals(app)).toList();
    }

    public Optional<Placement> placement(String instanceId) {
        return Optional.ofNullable(cmd().hget("gantry:desired", instanceId)).map(j -> Json.read(j, Placement.class));
    }

    public void put(Placement placement) {
        cmd().hset("gantry:desired", placement.id(), Json.write(placement));
        cmd().incr("gantry:desired-version");
    }

    /** Writes every placement in one command: a route table is built from all of them or from none. */
    public void putAll(List<Placement> placements) {
        if (placements.isEmpty()) return;
        Map<String, String> fields = new LinkedHashMap<>();
        placements.forEach(p -> fields.put(p.id(), Json.write(p)));
        cmd().hset("gantry:desired", fields);
        cmd().incr("gantry:desired-version");
    }

    public void remove(String instanceId) {
        cmd().hdel("gantry:desired", instanceId);
        cmd().incr("gantry:desired-version");
    }

    public long desiredVersion() {
        String v = cmd().get("gantry:desired-version");
        return v == null ? 0 : Long.parseLong(v);
    }

    public void record(HistoryEvent event) {
        cmd().lpush("gantry:history", Json.write(event));
        cmd().ltrim("gantry:history", 0, HISTORY_CAP - 1);
    }

    /** The newest {@code n} events of every app, newest first: a cheap look at what just happened. */
    public List<HistoryEvent> recent(int n) {
        return cmd().lrange("gantry:history", 0, n - 1).stream()
                .map(j -> Json.read(j, HistoryEvent.class))
                .toList();
    }

    public List<HistoryEvent> history(String app, int limit) {
        return cmd().lrange("gantry:history", 0, HISTORY_CAP - 1).stream()
                .map(j -> Json.read(j, HistoryEvent.class))
                .filter(e -> app == null || app.equals(e.app()))
                .limit(limit)
                .toList();
    }

    private RedisCommands<String, String> cmd() {
        return redis.sync();
    }
}
