package dev.gantry.server.dashboard;

import dev.gantry.api.AgentReport;
import dev.gantry.api.Json;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.store.Redis;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's event stream on this control plane: one thread keeps the {@link Board}, takes each agent report as
 * it arrives (instance and host events at once), sends the reports' values every {@value #SAMPLES_EVERY_MILLIS} ms,
 * and once a second takes the reports other control planes on the same Redis received, checks the hosts' silence,
 * the apps, the alerts and the routers' traffic. Each event is
 * serialised once and the same bytes are offered to every viewer; a new viewer gets the snapshot on the same
 * thread, so nothing is lost or reordered between it and the events after.
 */
final class EventStream implements AutoCloseable {
    static final long SAMPLES_EVERY_MILLIS = 250;
    static final long PING_EVERY_MILLIS = 15_000;
    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);
    private final Board board = new Board();
    private final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private final Redis redis;
    private final Supplier<AppWatch.Polled> apps;
    private final Supplier<List<AlertCard>> alerts;
    private final TrafficReader traffic;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("gantry-dashboard-events").daemon().factory());
    private byte[] snapshot;

    EventStream(
            Clock clock,
            Redis redis,
            Supplier<AppWatch.Polled> apps,
            Supplier<List<AlertCard>> alerts,
            TrafficReader traffic) {
        this.clock = clock;
        this.redis = redis;
        this.apps = apps;
        this.alerts = alerts;
        this.traffic = traffic;
    }

    void start() {
        thread.scheduleAtFixedRate(
                () -> quietly("samples", this::flushSamples),
                SAMPLES_EVERY_MILLIS,
                SAMPLES_EVERY_MILLIS,
                TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(() -> quietly("poll", this::poll), 0, 1, TimeUnit.SECONDS);
        thread.scheduleAtFixedRate(
                () -> viewers.forEach(v -> v.offer(PING)), PING_EVERY_MILLIS, PING_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** An agent's report, as the fleet takes it (on the report's thread): handed to the stream's thread. */
    void report(AgentReport r) {
        long receivedAt = clock.millis();
        thread.execute(() -> quietly("report", () -> {
            snapshot = null;
            send(board.report(r, receivedAt));
        }));
    }

    /** Sends the viewer the snapshot, then every event. */
    void open(Viewer v) {
        thread.execute(() -> {
            if (v.isClosed()) return;
            if (snapshot == null) snapshot = frame("snapshot", board.snapshot(clock.millis()));
            v.offer(snapshot);
            viewers.add(v);
            v.onClose(() -> viewers.remove(v));
            if (v.isClosed()) viewers.remove(v);
        });
    }

    int viewers() {
        return viewers.size();
    }

    private void poll() {
        long now = clock.millis();
        snapshot = null;
        Map<String, Long> seen = lastSeen();
        takeRemoteReports(seen, now);
        send(board.seen(seen, now));
        send(board.apps(apps.get()));
        send(board.alerts(alerts.get()));
        send(board.samples(now, traffic.read(board.appNames(), board.instanceIds(), now)));
    }

    /**
     * Reports another control plane on this Redis received since this board took the host's last one (agents report to
     * one control plane each): read from Redis, with when that control plane received them.
     */
    private void takeRemoteReports(Map<String, Long> seen, long now) {
        List<String> remote = seen.entrySet().stream()
                .filter(e -> now - e.getValue() <= Board.HOST_SILENCE.toMillis()
                        && board.lastSeen(e.getKey()) < e.getValue())
                .map(Map.Entry::getKey)
                .toList();
        for (AgentReport r : Fleet.shared(redis, remote)) send(board.report(r, seen.get(r.host())));
    }

    private void flushSamples() {
        send(board.samples(clock.millis(), null));
    }

    private Map<String, Long> lastSeen() {
        Map<String, Long> out = new TreeMap<>();
        redis.sync().hgetall(Fleet.SEEN).forEach((host, at) -> out.put(host, Long.parseLong(at)));
        return out;
    }

    private void send(List<Board.Event> events) {
        for (Board.Event e : events) broadcast(frame(e.name(), e.data()));
    }

    private void send(Samples s) {
        if (s != null) broadcast(frame("samples", s));
    }

    private void broadcast(byte[] frame) {
        for (Viewer v : viewers) v.offer(frame);
    }

    private static byte[] frame(String event, Object data) {
        return ("event: " + event + "\ndata: " + Json.write(data) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.warn("dashboard stream step failed step={} error={}", what, e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        viewers.forEach(Viewer::abandon);
    }
}
