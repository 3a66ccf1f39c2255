package dev.gantry.server.releases;

import dev.gantry.api.HistoryEvent;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.apps.Placement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a lost host's instances elsewhere. Agents report every second; a host none of whose reports reached any
 * control plane on this Redis for {@link #LOST_AFTER} is lost ({@link Fleet#SEEN}, so control planes agree
 * whichever one its agent reports to), provided some other host is not: when every host is silent it is the
 * control plane that is cut off, and nothing moves. The routes leave out a lost host's instances at once
 * ({@link #lost()}), and each of its instances is placed again, with the same id, on the live host with the
 * fewest instances of its app ({@link HostPicker}), under the app's deployment lock: an app whose deployment is
 * running is left to it and taken on a later round. When the host reports again its agent finds those instances
 * gone from its desired state and stops them.
 */
final class HostFailover {
    /** How long a host may be silent before it is lost: two missed reports and a half. */
    static final Duration LOST_AFTER = Duration.ofMillis(2_500);
    /** How often the hosts are looked at. */
    static final Duration EVERY = Duration.ofMillis(250);

    private static final Logger log = LoggerFactory.getLogger(HostFailover.class);
    private final AppStore store;
    private final Fleet fleet;
    private final DeploymentStore deployments;
    private final HostPicker picker;
    private final Runnable routesChanged;
    private final Clock clock;
    private final String lockId = "failover-" + UUID.randomUUID();
    private volatile Set<String> lost = Set.of();

    HostFailover(
            AppStore store,
            Fleet fleet,
            DeploymentStore deployments,
            HostPicker picker,
            Runnable routesChanged,
            Clock clock) {
        this.store = store;
        this.fleet = fleet;
        this.deployments = deployments;
        this.picker = picker;
        this.routesChanged = routesChanged;
        this.clock = clock;
    }

    /** Checks every {@link #EVERY} on a thread of its own, moving instances on {@code engine}; close to stop. */
    AutoCloseable watch(Executor engine) {
        var watcher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("gantry-host-watch").daemon().factory());
        watcher.scheduleWithFixedDelay(
                () -> {
                    try {
                        check(engine);
                    } catch (RuntimeException e) {
                        log.warn("could not check the hosts: {}", e.toString());
                    }
                },
                EVERY.toMillis(),
                EVERY.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
        return watcher::shutdownNow;
    }

    /** The hosts lost now: the routes leave their instances out, and no new instance goes there. */
    Set<String> lost() {
        return lost;
    }

    /**
     * One round: finds the lost hosts and tells the routes when that changed; the moves of what runs on them are
     * handed to {@code engine}, the deployments' thread, so they never interleave with a deployment's step.
     */
    void check(Executor engine) {
        Set<String> now = lost(fleet.seenEverywhere(), clock.millis());
        if (!now.equals(lost)) {
            Set<String> before = lost;
            lost = Set.copyOf(now);
            now.stream()
                    .filter(h -> !before.contains(h))
                    .forEach(h -> log.warn("host lost host={} silentFor>{}ms", h, LOST_AFTER.toMillis()));
            before.stream().filter(h -> !now.contains(h)).forEach(h -> log.info("host back host={}", h));
            picker.avoid(lost);
            routesChanged.run();
        }
        if (lost.isEmpty()) return;
        Set<String> apps = new TreeSet<>();
        for (Placement p : store.placements()) {
            if (lost.contains(p.host()) && !p.draining()) apps.add(p.app());
        }
        for (String app : apps) engine.execute(() -> move(app));
    }

    /** Hosts silent for longer than {@link #LOST_AFTER} while another host is not; none when all are silent. */
    static Set<String> lost(Map<String, Long> seen, long now) {
        Set<String> silent = new TreeSet<>();
        seen.forEach((host, at) -> {
            if (now - at > LOST_AFTER.toMillis()) silent.add(host);
        });
        return silent.size() == seen.size() ? Set.of() : silent;
    }

    private void move(String app) {
        if (!deployments.lock(app, lockId)) return;
        try {
            Set<String> gone = lost;
            List<Placement> placements = store.placements(app).stream()
                    .filter(p -> gone.contains(p.host()) && !p.draining())
                    .toList();
            boolean moved = false;
            for (Placement p : placements) {
                String to;
                try {
                    to = picker.pick(store.placements(), p.spec());
                } catch (IllegalStateException e) {
                    log.warn("no host to take instance={} from lost host={}: {}", p.id(), p.host(), e.getMessage());
                    continue;
                }
                store.put(new Placement(p.spec(), to, false, clock.millis()));
                store.record(new HistoryEvent(
                        clock.millis(),
                        app,
                        "gantry",
                        "failover",
                        "host " + p.host() + " lost (silent over " + LOST_AFTER.toMillis() + " ms): instance " + p.id()
                                + " placed on " + to));
                log.warn("instance moved instance={} from={} to={}", p.id(), p.host(), to);
                moved = true;
            }
            if (moved) routesChanged.run();
        } finally {
            deployments.unlock(app, lockId);
        }
    }
}
