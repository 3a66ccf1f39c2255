package dev.gantry.server.releases;

import dev.gantry.api.Deployment;
import dev.gantry.api.Json;
import dev.gantry.server.store.Redis;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deployments in Redis, so that clients follow them and a restarted control plane resumes them.
 *
 * <pre>
 * gantry:deployment:{id}        DeploymentRecord JSON; expires 7 days after it ended
 * gantry:deployment:{id}:log    list: its last 5,000 progress lines
 * gantry:deployment:{id}:lines  how many lines it has written (line numbers count from 0)
 * gantry:deployments:running    set: the ids of deployments that have not ended
 * gantry:lock:{app}             the id of the deployment that holds the app: SET NX, deleted when it ends
 * </pre>
 */
final class DeploymentStore {
    static final int LOG_LINES = 5_000;
    static final Duration KEEP_ENDED = Duration.ofDays(7);
    private static final String RUNNING = "gantry:deployments:running";
    private static final String APPEND = """
      local n = redis.call('INCR', KEYS[2])
      redis.call('RPUSH', KEYS[1], ARGV[1])
      redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
      return n
      """;
    private static final String READ = """
      local total = tonumber(redis.call('GET', KEYS[2]) or '0')
      local first = total - redis.call('LLEN', KEYS[1])
      local from = math.max(tonumber(ARGV[1]), first)
      return {total, redis.call('LRANGE', KEYS[1], from - first, -1)}
      """;
    private static final String UNLOCK = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
      return 0
      """;
    private final Redis redis;
    /** deployment id to the futures of clients waiting for its next line or save (long polls on this control plane) */
    private final Map<String, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    DeploymentStore(Redis redis) {
        this.redis = redis;
    }

    /** Takes the app for deployment {@code id}; false when another deployment holds it. */
    boolean lock(String app, String id) {
        return "OK".equals(cmd().set(lockKey(app), id, SetArgs.Builder.nx()));
    }

    /** The deployment that holds the app. */
    Optional<String> holder(String app) {
        return Optional.ofNullable(cmd().get(lockKey(app)));
    }

    /** Every app lock: app to deployment id. */
    Map<String, String> locks() {
        Map<String, String> locks = new LinkedHashMap<>();
        for (String key : cmd().keys("gantry:lock:*")) {
            String id = cmd().get(key);
            if (id != null) locks.put(key.substring("gantry:lock:".length()), id);
        }
        return locks;
    }

    /** Lets go of the app if deployment {@code id} holds it. */
    void unlock(String app, String id) {
        cmd().eval(UNLOCK, ScriptOutputType.INTEGER, new String[] {lockKey(app)}, id);
    }

    /** Stores the deployment; one that has ended leaves the running set, lets go of its app and expires in time. */
    void save(DeploymentRecord r) {
        cmd().set(key(r.id()), Json.write(r));
        if (!r.state().done()) {
            cmd().sadd(RUNNING, r.id());
            changed(r.id());
            return;
        }
        cmd().srem(RUNNING, r.id());
        unlock(r.app(), r.id());
        for (String k : List.of(key(r.id()), key(r.id()) + ":log", key(r.id()) + ":lines")) cmd().expire(k, KEEP_ENDED);
        changed(r.id());
    }

    Optional<DeploymentRecord> get(String id) {
        return Optional.ofNullable(cmd().get(key(id))).map(j -> Json.read(j, DeploymentRecord.class));
    }

    /** The deployments that have not ended, oldest first. */
    List<DeploymentRecord> running() {
        List<DeploymentRecord> running = new ArrayList<>();
        for (String id : cmd().smembers(RUNNING)) {
            Optional<DeploymentRecord> r = get(id);
            if (r.isPresent() && !r.get().state().done()) running.add(r.get());
            else cmd().srem(RUNNING, id);
        }
        running.sort(java.util.Comparator.comparingLong(DeploymentRecord::createdAt));
        return running;
    }

    /** Appends a progress line; the oldest go beyond {@link #LOG_LINES}. */
    void log(String id, String line) {
        cmd().eval(
                        APPEND,
                        ScriptOutputType.INTEGER,
                        new String[] {key(id) + ":log", key(id) + ":lines"},
                        line,
                        String.valueOf(LOG_LINES));
        changed(id);
    }

    /**
     * Completes at the next line or save of deployment {@code id} written by this control plane (not by
     * another one on the same Redis). Cancel it to stop waiting.
     */
    CompletableFuture<Void> nextChange(String id) {
        CompletableFuture<Void> next = new CompletableFuture<>();
        waiting.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(next);
        next.whenComplete((v, e) -> waiting.computeIfPresent(id, (k, set) -> {
            set.remove(next);
            return set.isEmpty() ? null : set;
        }));
        return next;
    }

    private void changed(String id) {
        Set<CompletableFuture<Void>> waiters = waiting.remove(id);
        if (waiters != null) waiters.forEach(w -> w.complete(null));
    }

    /** What a client following from line {@code from} sees. */
    Deployment view(DeploymentRecord r, int from) {
        List<Object> reply = cmd().eval(
                        READ,
                        ScriptOutputType.MULTI,
                        new String[] {key(r.id()) + ":log", key(r.id()) + ":lines"},
                        String.valueOf(from));
        long total = (Long) reply.get(0);
        @SuppressWarnings("unchecked")
        List<String> lines = (List<String>) reply.get(1);
        return new Deployment(r.id(), r.app(), r.release(), r.state(), r.message(), lines, (int) total);
    }

    private static String key(String id) {
        return "gantry:deployment:" + id;
    }

    private static String lockKey(String app) {
        return "gantry:lock:" + app;
    }

    private RedisCommands<String, String> cmd() {
        return redis.sync();
    }
}
