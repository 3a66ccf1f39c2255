package dev.gantry.server.releases;

import dev.gantry.api.DeploymentState;
import dev.gantry.api.HistoryEvent;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.Strategy;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.apps.AppRecord;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.apps.Placement;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blue-green deploy, run by the {@link RollingUpdate} engine: the whole new set starts beside the live one at
 * weight 0; once every new instance is READY it is verified (its verify path answers 2xx, asked directly) or waits
 * for {@code gantry promote}; then one write of the desired state gives the new set weight 100 and the old set weight
 * 0, so one route table carries the switch, and the deploy succeeds. The old set stays placed, unrouted, as the
 * app's {@link Standby} for the rollback window: a rollback to its release inside the window switches back the same
 * way without starting anything, and the set that was live is drained and stopped (a standby for the drain delay
 * only). When the window ends, or when any other operation on the app starts, the standby is stopped.
 */
final class BlueGreenRollout {
    private static final Logger log = LoggerFactory.getLogger(BlueGreenRollout.class);
    private final RollingUpdate engine;
    private final AppStore store;
    private final Fleet fleet;
    private final StandbyStore standbys;
    private final Outcomes outcomes;
    private final Runnable changed;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Duration drainDelay;
    private final SmokeCheck smoke = new SmokeCheck();

    BlueGreenRollout(
            RollingUpdate engine,
            AppStore store,
            Fleet fleet,
            StandbyStore standbys,
            Outcomes outcomes,
            Runnable changed,
            Clock clock,
            ScheduledExecutorService scheduler,
            Duration drainDelay) {
        this.engine = engine;
        this.store = store;
        this.fleet = fleet;
        this.standbys = standbys;
        this.outcomes = outcomes;
        this.changed = changed;
        this.clock = clock;
        this.scheduler = scheduler;
        this.drainDelay = drainDelay;
    }

    /** The step after {@code completed}: start the new set, then verify, wait for promote, or switch. */
    void roll(DeploymentRecord r, Step completed, Strategy.BlueGreen strategy) {
        switch (completed) {
            case QUEUED -> engine.start(r, r.target(), false);
            case STARTING -> {
                if (strategy.verify() != null) verify(r, strategy);
                else afterVerify(r, strategy);
            }
            default -> throw new IllegalStateException("blue-green has no step after " + completed);
        }
    }

    /** Takes up a blue-green step after a restart: verifying starts over, a wait for promote goes on. */
    void resume(DeploymentRecord r, Strategy.BlueGreen strategy) {
        if (r.step() == Step.VERIFYING) verify(r, strategy);
        else engine.await(r);
    }

    /**
     * {@code gantry promote APP}: switches a blue-green deploy that waits in step PROMOTION.
     *
     * @throws IllegalStateException when the deployment waits for no promote
     */
    void promote(DeploymentRecord r, String actor) {
        if (r.state().done() || r.step() != Step.PROMOTION || r.isUndoing())
            throw new IllegalStateException(
                    "nothing to promote: deployment " + r.id() + " of " + r.app() + " is in step " + r.step());
        long waitingSince = r.stepStartedAt();
        engine.post(r.id(), d -> {
            if (d.step() != Step.PROMOTION || d.stepStartedAt() != waitingSince || d.isUndoing()) return;
            engine.log(d, "promoted by " + actor);
            switchOver(d);
        });
    }

    /** Its verify took too long (the calls time out first; this is the step's backstop). */
    void verifyTimedOut(DeploymentRecord r) {
        engine.fail(
                r,
                "verify: no answer from every new instance within "
                        + Duration.ofMillis(r.deadline() - r.stepStartedAt()).toSeconds() + "s"
                        + RollingUpdate.KEEP_SERVING,
                DeploymentState.FAILED);
    }

    /**
     * Before any operation on the app: a rollback to the standby's release inside its window switches back to it and
     * ends the deployment (true); any other operation stops the standby first (false: the operation goes on).
     */
    boolean switchedBack(DeploymentRecord r) {
        Optional<Standby> found = standbys.get(r.app());
        if (found.isEmpty()) return false;
        Standby s = found.get();
        if (r.operation() == Operation.ROLLBACK && s.release() == r.release() && clock.millis() < s.until()) {
            String unready = s.placements().stream()
                    .filter(id -> !engine.isReady(id))
                    .map(id -> id + " is "
                            + engine.status(id).map(InstanceStatus::state).orElse(null))
                    .findFirst()
                    .orElse(null);
            if (unready == null) {
                switchBack(r, s);
                return true;
            }
            engine.log(
                    r,
                    "the standby of release " + s.release() + " cannot take traffic (" + unready
                            + "): redeploying it instead");
        }
        stop(s, r.operation().verb() + " of release " + r.release() + " started (deployment " + r.id() + ")");
        return false;
    }

    /** After a restart: every standby kept in Redis is stopped at the end of its window again. */
    void resumeStandbys() {
        standbys.all().forEach(this::scheduleEnd);
    }

    private void verify(DeploymentRecord r, Strategy.BlueGreen strategy) {
        long now = clock.millis();
        DeploymentRecord v = r.at(
                Step.VERIFYING,
                r.fresh(),
                now,
                now + SmokeCheck.TIMEOUT.multipliedBy(2).toMillis());
        engine.await(v);
        List<CompletableFuture<String>> checks = new ArrayList<>();
        for (Placement p : engine.placed(v.fresh())) {
            URI uri = uri(p, strategy.verify());
            engine.log(v, "verifying " + p.id() + ": GET " + uri);
            checks.add(smoke.check(uri).thenApply(problem -> problem == null ? null : p.id() + ": " + problem));
        }
        CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
                .thenRun(() -> engine.post(v.id(), d -> verified(d, now, strategy, checks)));
    }

    private void verified(
            DeploymentRecord r, long startedAt, Strategy.BlueGreen strategy, List<CompletableFuture<String>> checks) {
        if (r.step() != Step.VERIFYING || r.stepStartedAt() != startedAt || r.isUndoing()) return;
        String failed = checks.stream()
                .map(CompletableFuture::join)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        if (failed != null) {
            engine.fail(r, "verify failed: instance " + failed + RollingUpdate.KEEP_SERVING, DeploymentState.FAILED);
            return;
        }
        engine.log(r, "verified: every new instance answered " + strategy.verify() + " with 2xx");
        afterVerify(r, strategy);
    }

    private void afterVerify(DeploymentRecord r, Strategy.BlueGreen strategy) {
        if (!strategy.manual()) {
            switchOver(r);
            return;
        }
        engine.log(r, "waiting for promote: gantry promote " + r.app() + " (or cancel)");
        engine.await(r.at(Step.PROMOTION, List.of(), clock.millis(), 0));
    }

    /** The new set takes all traffic in one write; the old one becomes the standby; the deploy succeeds. */
    private void switchOver(DeploymentRecord r) {
        List<Placement> green = engine.placed(r.fresh());
        Optional<String> lost =
                r.fresh().stream().filter(id -> !engine.isReady(id)).findFirst();
        if (lost.isPresent() || green.size() < r.target()) {
            String id = lost.orElse("a new instance");
            engine.fail(
                    r,
                    "cannot switch: " + id + " is no longer READY ("
                            + lost.flatMap(engine::status)
                                    .map(s -> s.state().name())
                                    .orElse("gone") + ")" + RollingUpdate.KEEP_SERVING,
                    DeploymentState.FAILED);
            return;
        }
        List<Placement> blue = engine.placed(r.old());
        int liveBefore = store.app(r.app()).map(AppRecord::release).orElse(0);
        store.putAll(Stream.concat(
                        green.stream().map(Placement::undrain), blue.stream().map(Placement::drain))
                .toList());
        changed.run();
        long until = clock.millis() + longest(rollbackWindow(r), drainDelay).toMillis();
        engine.log(r, "switched all traffic to release " + r.release() + " (" + green.size() + " instance(s))");
        if (!blue.isEmpty()) keep(r, new Standby(r.app(), liveBefore, ids(blue), until, r.id()));
        engine.end(r, DeploymentState.SUCCEEDED, outcomes.succeeded(r));
    }

    private void switchBack(DeploymentRecord r, Standby s) {
        List<Placement> back = engine.placed(s.placements());
        List<Placement> live = engine.current(r.app()).stream()
                .filter(p -> !s.placements().contains(p.id()))
                .toList();
        standbys.remove(r.app());
        store.putAll(Stream.concat(
                        back.stream().map(Placement::undrain), live.stream().map(Placement::drain))
                .toList());
        changed.run();
        String what = "switched back to release " + s.release() + " (blue-green standby)";
        engine.log(
                r,
                what + ": " + String.join(", ", s.placements()) + " serve again; draining "
                        + String.join(", ", ids(live)));
        store.record(new HistoryEvent(clock.millis(), r.app(), r.actor(), "rollback", what));
        DeploymentRecord done = r.withOld(ids(live)).withFresh(s.placements());
        if (!live.isEmpty()) {
            int release = live.getFirst().spec().release();
            Standby draining = new Standby(r.app(), release, ids(live), clock.millis() + drainDelay.toMillis(), r.id());
            standbys.save(draining);
            scheduleEnd(draining);
        }
        engine.end(done, DeploymentState.SUCCEEDED, what + "; " + outcomes.succeeded(done));
    }

    private void keep(DeploymentRecord r, Standby s) {
        standbys.save(s);
        engine.log(
                r,
                "release " + s.release() + " stands by on " + String.join(", ", s.placements()) + " until "
                        + Instant.ofEpochMilli(s.until()) + " (gantry rollback " + r.app() + " switches back)");
        store.record(new HistoryEvent(
                clock.millis(),
                r.app(),
                "gantry",
                "standby",
                "release " + s.release() + " kept as the blue-green standby until " + Instant.ofEpochMilli(s.until())));
        scheduleEnd(s);
    }

    private void scheduleEnd(Standby s) {
        try {
            scheduler.schedule(
                    () -> engine.exclusive(() -> windowOver(s)),
                    Math.max(0, s.until() - clock.millis()),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("engine stopped; the next start stops the standby app={}", s.app());
        }
    }

    private void windowOver(Standby s) {
        standbys.get(s.app()).filter(now -> now.equals(s)).ifPresent(now -> stop(now, "its rollback window is over"));
    }

    /** Drains (it is at weight 0 already) and stops the standby set; a history line says why. */
    private void stop(Standby s, String why) {
        standbys.remove(s.app());
        List<Placement> stopped = engine.placed(s.placements()).stream()
                .filter(Placement::draining)
                .toList();
        stopped.forEach(p -> store.remove(p.id()));
        changed.run();
        String line =
                "stopped the standby of release " + s.release() + " (" + String.join(", ", ids(stopped)) + "): " + why;
        store.record(new HistoryEvent(clock.millis(), s.app(), "gantry", "standby", line));
        log.info(
                "blue-green standby stopped app={} release={} instances={} reason=\"{}\"",
                s.app(),
                s.release(),
                ids(stopped),
                why);
    }

    private Duration rollbackWindow(DeploymentRecord r) {
        return engine.strategy(r) instanceof Strategy.BlueGreen bg ? bg.rollbackWindow() : Duration.ZERO;
    }

    private URI uri(Placement p, String path) {
        InstanceStatus s = engine.status(p.id())
                .orElseThrow(() -> new IllegalStateException(p.id() + " is not reported by its agent"));
        String address = s.address() != null
                ? s.address()
                : fleet.agent(p.host()).map(a -> a.address()).orElse("127.0.0.1");
        String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
        return URI.create("http://" + host + ":" + s.port() + path);
    }

    private static List<String> ids(List<Placement> placements) {
        return placements.stream().map(Placement::id).toList();
    }

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
