package dev.gantry.server.releases;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.apps.Placement;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in for the agent of one host: reports the instances placed on its host to the fleet, as an
 * agent's report would arrive. A new instance starts STARTING (or READY at once, while it is ready
 * by itself) and keeps its state until the test sets another. Instances no longer placed are no
 * longer reported.
 */
final class FakeAgent {
    private final String host;
    private final Fleet fleet;
    private final AppStore store;
    private final Clock clock;
    private final Map<String, InstanceStatus> told = new HashMap<>();
    private boolean readyByItself;
    private int port;

    FakeAgent(String host, Fleet fleet, AppStore store, Clock clock) {
        this.host = host;
        this.fleet = fleet;
        this.store = store;
        this.clock = clock;
    }

    /** Instances it sees from now on report READY at once (setting up an app). */
    FakeAgent readyByItself(boolean on) {
        readyByItself = on;
        return this;
    }

    /** Instances it sees from now on report this port (a real server the test runs); 0 for a made-up one each. */
    FakeAgent port(int port) {
        this.port = port;
        return this;
    }

    void ready(String id) {
        set(id, InstanceState.READY, "");
    }

    void crash(String id, String message) {
        set(id, InstanceState.CRASH_LOOP, message);
    }

    void set(String id, InstanceState state, String message) {
        told.put(id, status(id, state, message));
        report();
    }

    /** One report of what runs on the host. */
    void report() {
        List<InstanceStatus> running = store.placements().stream()
                .filter(p -> p.host().equals(host))
                .map(p -> told.computeIfAbsent(
                        p.id(), id -> status(id, readyByItself ? InstanceState.READY : InstanceState.STARTING, "")))
                .toList();
        fleet.report(new AgentReport(
                host,
                "127.0.0.1",
                "http://127.0.0.1:1",
                clock.millis(),
                store.desiredVersion(),
                running,
                1.0,
                1L << 30,
                4L << 30));
    }

    private InstanceStatus status(String id, InstanceState state, String message) {
        Placement p = store.placement(id).orElseThrow(() -> new AssertionError(id + " is not placed"));
        return new InstanceStatus(
                id,
                p.app(),
                p.spec().release(),
                host,
                "127.0.0.1",
                port != 0 ? port : 20_000 + Math.abs(id.hashCode() % 1000),
                4242,
                state,
                0,
                clock.millis(),
                message,
                0.5,
                1 << 20);
    }
}
