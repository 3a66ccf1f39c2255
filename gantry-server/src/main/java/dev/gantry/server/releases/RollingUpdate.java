package dev.gantry.server.releases;

import dev.gantry.api.DeploymentState;
import dev.gantry.api.InstanceSpec;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.Release;
import dev.gantry.api.Strategy;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.apps.Placement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy engine: each deployment is a state machine over {@link Step}, advanced by events and
 * never by sleeping or polling. The events: an agent reports an instance in a new state
 * ({@link #instanceChanged}), a deadline or the drain delay is over (scheduled on the engine's
 * scheduler, times from its clock), a build ends, someone cancels, the control plane starts again
 * ({@link #resume}). Every event runs on the engine's scheduler, reads the deployment from Redis,
 * does one step and stores the next, so nothing of a deployment lives only in memory.
 *
 * <p>A rolling update replaces instances within the release's {@link Strategy.Rolling} limits ({@link
 * RollingBatch}; by default one at a time, surge one, none unavailable): a new instance takes traffic once its agent
 * reports it READY; an old one is then drained (weight 0, no new requests) for the drain delay and stopped. A
 * blue-green release is run by {@link BlueGreenRollout} on the same steps. A new instance that fails, or is not ready by the health
 * timeout, fails the update, which undoes itself: old instances it drained serve again, those it
 * stopped are placed again and awaited, and its new ones are drained and removed. Cancelling undoes
 * the same way. Scale, stop and delete are the same steps in other orders. (Not the flags' percentage
 * rollout: this is the rolling deploy.)
 */
public final class RollingUpdate {
    static final String KEEP_SERVING = "; the previous instances keep serving";
    private static final Logger log = LoggerFactory.getLogger(RollingUpdate.class);
    /** States that fail a start at once: it will not become ready by itself soon, and the message says why. */
    static final Set<InstanceState> FAILURES =
            EnumSet.of(InstanceState.CRASH_LOOP, InstanceState.FAILED, InstanceState.OOM);

    private final AppStore store;
    private final Fleet fleet;
    private final DeploymentStore deployments;
    private final Outcomes outcomes;
    private final HostPicker hosts;
    private final Runnable changed;
    private final Clock clock;
    private final ScheduledExecutorService engine;
    private final Duration drainDelay;
    private final Supplier<Map<String, String>> platformEnv;
    private final BlueGreenRollout blueGreen;
    private final Undo undo;
    /** instance id to the deployment waiting for it to be READY */
    private final Map<String, String> watchers = new ConcurrentHashMap<>();
    /** deployment id to the deadline of its step */
    private final Map<String, ScheduledFuture<?>> deadlines = new ConcurrentHashMap<>();

    private final CanaryRollout canary;

    /**
     * @param changed     recomputes the route table (placements or readiness changed)
     * @param engine      where every event runs; one thread, or a test's manual scheduler
     * @param platformEnv what every instance gets besides its gantry.yml env (which wins on a clash)
     */
    RollingUpdate(
            AppStore store,
            Fleet fleet,
            DeploymentStore deployments,
            Outcomes outcomes,
            Runnable changed,
            Clock clock,
            ScheduledExecutorService engine,
            Duration drainDelay,
            Supplier<Map<String, String>> platformEnv,
            CanaryStore canaries,
            StandbyStore standbys) {
        this.store = store;
        this.fleet = fleet;
        this.deployments = deployments;
        this.outcomes = outcomes;
        this.hosts = new HostPicker(fleet);
        this.changed = changed;
        this.clock = clock;
        this.engine = engine;
        this.drainDelay = drainDelay;
        this.platformEnv = platformEnv;
        this.canary = new CanaryRollout(this, store, canaries, clock, changed);
        this.undo = new Undo(this, store, changed, clock);
        this.blueGreen =
                new BlueGreenRollout(this, store, fleet, standbys, outcomes, changed, clock, engine, drainDelay);
    }

    /** The canary steps of this engine. */
    CanaryRollout canary() {
        return canary;
    }

    /** After a restart: the blue-green standbys kept in Redis are stopped at the end of their windows again. */
    void resumeStandbys() {
        blueGreen.resumeStandbys();
    }

    /**
     * {@code gantry promote APP}: a blue-green deploy waiting for it switches.
     *
     * @throws IllegalStateException naming the deployment and its step when it waits for no promote
     */
    void promote(DeploymentRecord r, String actor) {
        blueGreen.promote(r, actor);
    }

    /** The report path: wakes the deployment waiting for this instance, if one is. */
    public void instanceChanged(InstanceStatus status) {
        String id = watchers.get(status.id());
        if (id != null) post(id, this::evaluate);
        canary.instanceChanged(status);
    }

    /** Runs {@code event} on the engine with the deployment as Redis has it, unless it has ended meanwhile. */
    void post(String id, Consumer<DeploymentRecord> event) {
        try {
            engine.execute(() -> run(id, event));
        } catch (RejectedExecutionException e) {
            log.debug("engine stopped; event dropped deployment={}", id);
        }
    }

    /** Begins the rollout of a deployment that is QUEUED (accepted, or built). */
    void start(DeploymentRecord r) {
        String what = switch (r.operation()) {
            case DEPLOY, ROLLBACK -> "release " + r.release() + " to " + r.target() + " instance(s)";
            case SCALE -> "scaling to " + r.target() + " instance(s)";
            case STOP -> "stopping every instance";
            case DELETE -> "stopping every instance, then deleting " + r.app();
        };
        DeploymentRecord next = r.rollingOut(what);
        deployments.save(next);
        log(next, "rolling out: " + what);
        if (!blueGreen.switchedBack(next)) advance(next, Step.QUEUED);
    }

    /** Stops a running rollout: what it started goes, what it drained or stopped serves again; it ends CANCELLED. */
    void cancel(DeploymentRecord r, String actor) {
        if (r.isUndoing()) {
            log(r, "cancel asked by " + actor + ": it is already being undone (" + r.message() + ")");
            return;
        }
        fail(r, "cancelled by " + actor + " during " + r.step() + KEEP_SERVING, DeploymentState.CANCELLED);
    }

    /** Takes up a deployment a stopped control plane left running: waits on, or fails it with the reason. */
    void resume(DeploymentRecord r) {
        log(r, "control plane restarted; resuming at step " + r.step());
        log.info("resuming deployment deployment={} app={} step={}", r.id(), r.app(), r.step());
        switch (r.step()) {
            case QUEUED -> start(r);
            case STARTING -> {
                if (placed(r.waiting()).size() == r.waiting().size()) await(r);
                else fail(r, restarted(r), DeploymentState.FAILED);
            }
            case DRAINING, RESTORING -> await(r);
            case ANALYSING -> canary.resume(r);
            case VERIFYING, PROMOTION -> {
                if (strategy(r) instanceof Strategy.BlueGreen bg) blueGreen.resume(r, bg);
                else fail(r, restarted(r), DeploymentState.FAILED);
            }
            default -> fail(r, restarted(r), DeploymentState.FAILED);
        }
    }

    static String restarted(DeploymentRecord r) {
        return "control plane restarted during step " + r.step() + "; old instances kept";
    }

    /** Ends the deployment: the outcome's writes, its last line, the record (which frees the app), the routes. */
    void end(DeploymentRecord r, DeploymentState state, String message) {
        quiet(r);
        canary.ended(r, state, message);
        DeploymentRecord ended = r.ended(state, message, clock.millis());
        outcomes.ended(ended);
        log(ended, state.name().toLowerCase().replace('_', ' ') + ": " + message);
        deployments.save(ended);
        changed.run();
        log.info(
                "deployment ended deployment={} app={} operation={} state={} message=\"{}\"",
                r.id(),
                r.app(),
                r.operation().verb(),
                state,
                message);
    }

    /** Runs work that belongs to no deployment (a standby's window ending) as one event, apart from the others. */
    synchronized void exclusive(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.error("engine event failed", e);
        }
    }

    private synchronized void run(String id, Consumer<DeploymentRecord> event) {
        try {
            deployments.get(id).filter(r -> !r.state().done()).ifPresent(event);
        } catch (RuntimeException e) {
            log.error("deployment step failed deployment={}", id, e);
            giveUp(id, "internal error: " + e);
        }
    }

    /** After an unexpected error: undo the deployment; failing that, end it; failing that, the next start resolves it. */
    private void giveUp(String id, String reason) {
        try {
            deployments.get(id).filter(r -> !r.state().done()).ifPresent(r -> fail(r, reason, DeploymentState.FAILED));
        } catch (RuntimeException undoFailed) {
            log.error("cannot undo the deployment deployment={}", id, undoFailed);
            try {
                deployments
                        .get(id)
                        .filter(r -> !r.state().done())
                        .ifPresent(r -> end(r, DeploymentState.FAILED, reason));
            } catch (RuntimeException again) {
                log.error(
                        "cannot end the deployment deployment={}; the next start of the control plane will", id, again);
            }
        }
    }

    private void advance(DeploymentRecord r, Step completed) {
        if (r.isUndoing()) {
            undo.run(r);
            return;
        }
        switch (r.operation()) {
            case DEPLOY, ROLLBACK -> roll(r, completed);
            case SCALE -> scale(r, completed);
            case STOP, DELETE -> retireAll(r, completed);
        }
    }

    /** Start new ones, retire old ones once they are ready, within the limits; blue-green goes its own way. */
    private void roll(DeploymentRecord r, Step completed) {
        if (canary.handles(r, completed)) {
            canary.roll(r, completed);
            return;
        }
        if (completed == Step.QUEUED) r = r.withOld(ids(current(r.app())));
        Strategy strategy = strategy(r);
        if (strategy instanceof Strategy.BlueGreen bg) {
            blueGreen.roll(r, completed, bg);
            return;
        }
        Strategy.Rolling limits = strategy instanceof Strategy.Rolling rolling ? rolling : Strategy.DEFAULT;
        List<Placement> remaining = placed(r.old());
        RollingBatch next = RollingBatch.next(
                limits, r.target(), remaining.size(), r.fresh().size(), completed == Step.STARTING);
        if (next.drain() > 0) drain(r, remaining.subList(0, next.drain()));
        else if (next.start() > 0) start(r, next.start(), true);
        else succeed(r);
    }

    /** The strategy of the release the deployment puts live. */
    Strategy strategy(DeploymentRecord r) {
        return store.release(r.app(), r.release())
                .map(rel -> rel.spec().strategy())
                .orElse(Strategy.DEFAULT);
    }

    private void scale(DeploymentRecord r, Step completed) {
        List<Placement> current =
                current(r.app()).stream().filter(p -> !p.draining()).toList();
        if (completed != Step.QUEUED) succeed(r);
        else if (r.target() < current.size())
            drain(r.withOld(ids(current)), current.subList(r.target(), current.size()));
        else if (r.target() > current.size()) start(r.withOld(ids(current)), r.target() - current.size(), true);
        else succeed(r);
    }

    private void retireAll(DeploymentRecord r, Step completed) {
        List<Placement> all = current(r.app());
        if (completed == Step.QUEUED && !all.isEmpty()) drain(r.withOld(ids(all)), all);
        else succeed(r);
    }

    void succeed(DeploymentRecord r) {
        end(r, DeploymentState.SUCCEEDED, outcomes.succeeded(r));
    }

    /**
     * Places {@code count} new instances of the deployment's release and waits for them to be READY; {@code routed}
     * false places them at weight 0 (a blue-green set before its switch).
     */
    void start(DeploymentRecord r, int count, boolean routed) {
        Release release = store.release(r.app(), r.release())
                .orElseThrow(() -> new IllegalStateException("release " + r.release() + " of " + r.app() + " is gone"));
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Placement p = put(NewInstances.of(release, platformEnv.get()), !routed);
                ids.add(p.id());
                log(r, "starting " + p.id() + " on " + p.host());
            }
        } catch (IllegalStateException noAgent) {
            fail(r.withFresh(concat(r.fresh(), ids)), noAgent.getMessage(), DeploymentState.FAILED);
            return;
        }
        long now = clock.millis();
        await(r.withFresh(concat(r.fresh(), ids))
                .at(
                        Step.STARTING,
                        ids,
                        now,
                        now + release.spec().healthTimeout().toMillis()));
    }

    /** Takes {@code placements} out of the routes; they are stopped when the drain delay is over. */
    void drain(DeploymentRecord r, List<Placement> placements) {
        placements.forEach(p -> store.put(p.drain()));
        changed.run();
        placements.forEach(p -> log(r, "draining " + p.id()));
        long now = clock.millis();
        await(r.at(Step.DRAINING, ids(placements), now, now + drainDelay.toMillis()));
    }

    private void stopDrained(DeploymentRecord r) {
        List<Placement> stopped = placed(r.waiting());
        stopped.forEach(p -> store.remove(p.id()));
        changed.run();
        stopped.forEach(p -> log(r, "stopped " + p.id()));
        List<Placement> retired = concat(
                r.retired(),
                stopped.stream().filter(p -> r.old().contains(p.id())).toList());
        quiet(r);
        advance(r.withRetired(retired), Step.DRAINING);
    }

    /**
     * Stores the step, then waits: for reports of the instances it names (what the fleet knows already
     * is looked at first, so a resumed step whose instances became ready meanwhile goes on even when
     * its deadline has passed), and for its deadline.
     */
    void await(DeploymentRecord r) {
        deployments.save(r);
        Step step = r.step();
        long startedAt = r.stepStartedAt();
        if (step.awaitsReadiness()) {
            r.waiting().forEach(instance -> watchers.put(instance, r.id()));
            post(r.id(), this::evaluate);
        }
        ScheduledFuture<?> previous = r.deadline() == 0
                ? deadlines.remove(r.id())
                : deadlines.put(
                        r.id(),
                        engine.schedule(
                                () -> run(r.id(), d -> deadline(d, step, startedAt)),
                                Math.max(0, r.deadline() - clock.millis()),
                                TimeUnit.MILLISECONDS));
        if (previous != null) previous.cancel(false);
    }

    /**
     * After a report: the step is done when every instance it waits for is READY; one that failed
     * (CRASH_LOOP, FAILED, or killed by its memory limit: OOM) fails a start, with the agent's message.
     */
    private void evaluate(DeploymentRecord r) {
        if (!r.step().awaitsReadiness()) return;
        int settled = 0;
        for (String id : r.waiting()) {
            Optional<InstanceStatus> s = status(id);
            boolean failed = s.isPresent() && FAILURES.contains(s.get().state());
            if (failed && r.step() == Step.STARTING) {
                fail(
                        r,
                        "instance " + id + " failed: " + s.get().state() + ", "
                                + s.get().message() + KEEP_SERVING,
                        DeploymentState.FAILED);
                return;
            }
            if (failed || s.isPresent() && s.get().state() == InstanceState.READY) settled++;
        }
        if (settled < r.waiting().size()) return;
        r.waiting()
                .forEach(id -> log(
                        r, id + " is " + status(id).map(InstanceStatus::state).orElseThrow()));
        quiet(r);
        changed.run();
        advance(r, r.step());
    }

    private void deadline(DeploymentRecord r, Step step, long startedAt) {
        if (r.step() != step || r.stepStartedAt() != startedAt) return;
        switch (step) {
            case STARTING -> fail(r, notReady(r), DeploymentState.FAILED);
            case RESTORING -> {
                quiet(r);
                List<String> late =
                        r.waiting().stream().filter(id -> !isReady(id)).toList();
                log(r, "not ready in time, left to their agents: " + String.join(", ", late));
                advance(
                        r.withMessage(r.message() + "; restored instance(s) " + String.join(", ", late)
                                + " were not ready in time"),
                        Step.RESTORING);
            }
            case DRAINING -> stopDrained(r);
            case ANALYSING -> canary.look(r);
            case VERIFYING -> blueGreen.verifyTimedOut(r);
            default -> log.warn("deadline in an unexpected step deployment={} step={}", r.id(), step);
        }
    }

    private String notReady(DeploymentRecord r) {
        String id = r.waiting().stream()
                .filter(i -> !isReady(i))
                .findFirst()
                .orElse(r.waiting().getFirst());
        String seen = status(id)
                .map(s -> "last state " + s.state()
                        + (s.message() == null || s.message().isEmpty() ? "" : ", " + s.message()))
                .orElse("its agent never reported it");
        Duration timeout = Duration.ofMillis(r.deadline() - r.stepStartedAt());
        log.warn("instance not ready app={} instance={} timeout={}", r.app(), id, timeout);
        return "instance " + id + " did not become ready within " + timeout.toSeconds() + "s (" + seen + ")"
                + KEEP_SERVING;
    }

    /** From now on the deployment undoes itself, to end as {@code outcome} for {@code reason}. */
    void fail(DeploymentRecord r, String reason, DeploymentState outcome) {
        quiet(r);
        canary.failing(r, outcome, reason);
        log(r, (outcome == DeploymentState.CANCELLED ? "cancelling: " : "failing: ") + reason);
        undo.run(r.undoing(outcome, reason));
    }

    Placement put(InstanceSpec spec, boolean draining) {
        Placement p = new Placement(spec, hosts.pick(store.placements(), spec), draining, clock.millis());
        store.put(p);
        return p;
    }

    /** Where new instances go. */
    HostPicker hosts() {
        return hosts;
    }

    /** Forgets the step's watches and deadline. */
    void quiet(DeploymentRecord r) {
        r.waiting().forEach(id -> watchers.remove(id, r.id()));
        ScheduledFuture<?> deadline = deadlines.remove(r.id());
        if (deadline != null) deadline.cancel(false);
    }

    List<Placement> current(String app) {
        return store.placements(app).stream()
                .sorted(Comparator.comparing(Placement::createdAt).thenComparing(Placement::id))
                .toList();
    }

    /** The placements of {@code ids} that still exist, in that order. */
    List<Placement> placed(List<String> ids) {
        return ids.stream().map(store::placement).flatMap(Optional::stream).toList();
    }

    /** What the agent of the host the instance is placed on reports of it; empty once it is no longer placed. */
    Optional<InstanceStatus> status(String id) {
        return store.placement(id).flatMap(p -> fleet.status(p.host(), id));
    }

    boolean isReady(String id) {
        return status(id).map(s -> s.state() == InstanceState.READY).orElse(false);
    }

    void log(DeploymentRecord r, String line) {
        deployments.log(r.id(), line);
    }

    static List<String> ids(List<Placement> placements) {
        return placements.stream().map(Placement::id).toList();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
