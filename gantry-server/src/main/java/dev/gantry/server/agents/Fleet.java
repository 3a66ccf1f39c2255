package dev.gantry.server.agents;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.Json;
import dev.gantry.server.store.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' latest reports: what actually runs. Kept in memory for reads and in Redis with a
 * time-to-live, so a restarted control plane knows at once what runs and routes it. Each report
 * tells the {@link InstanceStateChanged} listeners about every instance whose state moved. When each host last
 * reported, to whichever control plane, is kept in Redis too ({@link #SEEN}).
 */
public final class Fleet {
    static final Duration REPORT_TTL = Duration.ofSeconds(60);
    /** Hash host -> epoch millis its agent last reported to any control plane on this Redis (alerts read it). */
    public static final String SEEN = "gantry:agents:seen";

    private static final Logger log = LoggerFactory.getLogger(Fleet.class);
    private final Redis redis;
    private final Clock clock;
    private final Map<String, AgentReport> reports = new ConcurrentHashMap<>();
    private final Map<String, Long> receivedAt = new ConcurrentHashMap<>();
    private final List<InstanceStateChanged> listeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<AgentReport>> reportListeners = new CopyOnWriteArrayList<>();

    public Fleet(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
        for (String key : redis.sync().keys("gantry:agent:*")) {
            String json = redis.sync().get(key);
            if (json != null) remember(Json.read(json, AgentReport.class));
        }
    }

    public void onChange(InstanceStateChanged listener) {
        listeners.add(listener);
    }

    /** Hands {@code listener} every report as it arrives (the series store), on the report's thread. */
    public void onReport(java.util.function.Consumer<AgentReport> listener) {
        reportListeners.add(listener);
    }

    /**
     * Takes an agent's report, tells the listeners which instances changed state, and stores it. Answers whether
     * what the routes are built from changed: which instances are READY, and where they listen.
     */
    public boolean report(AgentReport report) {
        AgentReport previous = remember(report);
        boolean routing = !routable(previous).equals(routable(report));
        for (InstanceStatus s : report.instances()) {
            if (!Objects.equals(stateIn(previous, s.id()), s.state())) notify(s);
        }
        redis.sync().setex("gantry:agent:" + report.host(), REPORT_TTL.toSeconds(), Json.write(report));
        redis.sync().hset(SEEN, report.host(), String.valueOf(clock.millis()));
        for (var l : reportListeners) {
            try {
                l.accept(report);
            } catch (RuntimeException e) {
                log.error("report listener failed host={}", report.host(), e);
            }
        }
        return routing;
    }

    /** The READY instances of a report with where they listen: all of it the route table reads. */
    private static java.util.Set<List<Object>> routable(AgentReport report) {
        if (report == null) return java.util.Set.of();
        java.util.Set<List<Object>> out = new java.util.HashSet<>();
        for (InstanceStatus s : report.instances()) {
            if (s.state() == dev.gantry.api.InstanceState.READY)
                out.add(List.of(
                        s.id(), String.valueOf(s.address() == null ? report.address() : s.address()), s.port()));
        }
        return out;
    }

    public Collection<AgentReport> agents() {
        return List.copyOf(reports.values());
    }

    /** Hosts that reported within {@code within}. */
    public List<AgentReport> live(Duration within) {
        long now = clock.millis();
        return reports.values().stream()
                .filter(r -> now - receivedAt.getOrDefault(r.host(), 0L) <= within.toMillis())
                .toList();
    }

    /**
     * When each host's agent last reported to any control plane on this Redis ({@link #SEEN}), or to this one if
     * that is later; epoch millis.
     */
    public Map<String, Long> seenEverywhere() {
        Map<String, Long> seen = new java.util.HashMap<>(receivedAt);
        redis.sync().hgetall(SEEN).forEach((host, at) -> {
            try {
                seen.merge(host, Long.parseLong(at), Math::max);
            } catch (NumberFormatException e) {
                log.warn("ignoring a bad last-seen time host={} value={}", host, at);
            }
        });
        return seen;
    }

    public long lastSeen(String host) {
        return receivedAt.getOrDefault(host, 0L);
    }

    /**
     * What {@code host}'s agent says of the instance: only the agent of the host the instance is placed on speaks
     * for it. Another host's report naming the same id (an agent credential speaks for its own host only) is not
     * taken, or one agent could mark another host's instances READY, FAILED or at an address of its choosing.
     */
    public Optional<InstanceStatus> status(String host, String instanceId) {
        AgentReport r = reports.get(host);
        if (r == null) return Optional.empty();
        for (InstanceStatus s : r.instances()) {
            if (s.id().equals(instanceId)) return Optional.of(s);
        }
        return Optional.empty();
    }

    /** The latest report of every host on this Redis, received by any control plane (those of the last minute). */
    public static java.util.List<AgentReport> shared(Redis redis, java.util.Collection<String> hosts) {
        if (hosts.isEmpty()) return List.of();
        String[] keys = hosts.stream().map(h -> "gantry:agent:" + h).toArray(String[]::new);
        return redis.sync().mget(keys).stream()
                .filter(kv -> kv.hasValue())
                .map(kv -> Json.read(kv.getValue(), AgentReport.class))
                .toList();
    }

    public Optional<AgentReport> agent(String host) {
        return Optional.ofNullable(reports.get(host));
    }

    private AgentReport remember(AgentReport report) {
        receivedAt.put(report.host(), clock.millis());
        return reports.put(report.host(), report);
    }

    private static Object stateIn(AgentReport report, String instanceId) {
        if (report == null) return null;
        for (InstanceStatus s : report.instances()) {
            if (s.id().equals(instanceId)) return s.state();
        }
        return null;
    }

    private void notify(InstanceStatus status) {
        for (InstanceStateChanged l : listeners) {
            try {
                l.changed(status);
            } catch (RuntimeException e) {
                log.error("instance state listener failed instance={} state={}", status.id(), status.state(), e);
            }
        }
    }
}
