package dev.gantry.server.alerts;

import dev.gantry.api.AgentReport;
import dev.gantry.api.HistoryEvent;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.alerts.Metric;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.apps.Placement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures each {@link Metric} now, from what the control plane already holds: the agents' latest reports as
 * every control plane sees them ({@link SharedFleet}), the routers' request counts
 * as every control plane sees them ({@link SharedTraffic}) and the apps' history (canary aborts).
 */
final class Readings {
    /** A host whose agent has been silent this long is down (agents report every second or two). */
    static final Duration HOST_SILENCE = Duration.ofSeconds(15);
    /** The window an app's error rate is measured over. */
    static final Duration ERROR_WINDOW = Duration.ofMinutes(1);
    /** How long a canary abort keeps its alert breached. */
    static final Duration ABORT_WINDOW = Duration.ofMinutes(1);

    private final SharedFleet fleet;
    private final SharedTraffic traffic;
    private final AppStore store;
    private final Clock clock;

    Readings(SharedFleet fleet, SharedTraffic traffic, AppStore store, Clock clock) {
        this.fleet = fleet;
        this.traffic = traffic;
        this.store = store;
        this.clock = clock;
    }

    /** Reads the agents' reports again (once a round, before {@link #of}). */
    void refresh() {
        fleet.refresh();
    }

    /** The metric's value for every subject of {@code scope} there is now. */
    List<Reading> of(Metric metric, Metric.Scope scope) {
        return switch (metric) {
            case CPU -> scope == Metric.Scope.HOST ? hosts(r -> r.cpuPercent()) : instances(s -> s.cpuPercent());
            case MEMORY -> scope == Metric.Scope.HOST ? hosts(Readings::hostMemory) : instanceMemory();
            case INSTANCE_DOWN -> instancesDown();
            case ERROR_RATE -> errorRates();
            case CANARY_ABORTED -> canaryAborts();
            case HOST_DOWN -> hostsDown();
        };
    }

    private List<Reading> instances(java.util.function.ToDoubleFunction<InstanceStatus> value) {
        List<Reading> out = new ArrayList<>();
        for (AgentReport r : fleet.agents()) {
            for (InstanceStatus s : r.instances())
                out.add(new Reading(s.app(), s.id(), s.app(), r.host(), value.applyAsDouble(s)));
        }
        return out;
    }

    /**
     * 1 for each instance that should serve and is not READY: one placed on its host and not draining. An instance
     * a deployment drains and stops, or one no longer placed, is going on purpose and is not down.
     */
    private List<Reading> instancesDown() {
        Map<String, Placement> placed = new java.util.HashMap<>();
        for (Placement p : store.placements()) placed.put(p.id(), p);
        List<Reading> out = new ArrayList<>();
        for (AgentReport r : fleet.agents()) {
            for (InstanceStatus s : r.instances()) {
                Placement p = placed.get(s.id());
                if (p == null || p.draining() || !p.host().equals(r.host())) continue;
                out.add(new Reading(s.app(), s.id(), s.app(), r.host(), s.state() == InstanceState.READY ? 0 : 1));
            }
        }
        return out;
    }

    /** Percent of the instance's memory limit, or of its host's memory where it has none. */
    private List<Reading> instanceMemory() {
        List<Reading> out = new ArrayList<>();
        for (AgentReport r : fleet.agents()) {
            for (InstanceStatus s : r.instances()) {
                long of = s.memoryLimitBytes() > 0 ? s.memoryLimitBytes() : r.memTotalBytes();
                if (of > 0) out.add(new Reading(s.app(), s.id(), s.app(), r.host(), 100.0 * s.memoryBytes() / of));
            }
        }
        return out;
    }

    private List<Reading> hosts(java.util.function.ToDoubleFunction<AgentReport> value) {
        return fleet.agents().stream()
                .map(r -> new Reading(r.host(), r.host(), null, r.host(), value.applyAsDouble(r)))
                .toList();
    }

    private static double hostMemory(AgentReport r) {
        return r.memTotalBytes() <= 0 ? 0 : 100.0 * r.memUsedBytes() / r.memTotalBytes();
    }

    /** Every host that ever reported: 1 when it has not for {@link #HOST_SILENCE}. */
    private List<Reading> hostsDown() {
        long now = clock.millis();
        List<Reading> out = new ArrayList<>();
        fleet.seen()
                .forEach((host, at) ->
                        out.add(new Reading(host, host, null, host, now - at > HOST_SILENCE.toMillis() ? 1 : 0)));
        return out;
    }

    /** Percent of each app's requests that failed over the last {@link #ERROR_WINDOW}, over the releases it runs. */
    private List<Reading> errorRates() {
        Map<String, Set<Integer>> releases = new LinkedHashMap<>();
        for (AgentReport r : fleet.agents())
            for (InstanceStatus s : r.instances())
                releases.computeIfAbsent(s.app(), a -> new LinkedHashSet<>()).add(s.release());
        long now = clock.millis();
        List<Reading> out = new ArrayList<>();
        releases.forEach((app, numbers) -> {
            SharedTraffic.Counts c = traffic.counts(app, numbers, now - ERROR_WINDOW.toMillis(), now);
            out.add(new Reading(app, app, app, null, c.requests() == 0 ? 0 : 100.0 * c.errors() / c.requests()));
        });
        return out;
    }

    /** 1 for each app whose canary was aborted or rolled back by gantry within {@link #ABORT_WINDOW}. */
    private List<Reading> canaryAborts() {
        long since = clock.millis() - ABORT_WINDOW.toMillis();
        Map<String, Reading> out = new LinkedHashMap<>();
        for (HistoryEvent e : store.recent(50)) {
            if (e.time() < since) break;
            boolean aborted =
                    e.action().equals("abort") || (e.action().equals("rollback") && "gantry".equals(e.actor()));
            if (aborted) out.putIfAbsent(e.app(), new Reading(e.app(), e.app(), e.app(), null, 1));
        }
        return List.copyOf(out.values());
    }
}
