package dev.gantry.server.releases;

import dev.gantry.api.DeploymentState;
import dev.gantry.api.Durations;
import dev.gantry.api.HistoryEvent;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.Route.CanarySplit;
import dev.gantry.api.Strategy;
import dev.gantry.api.canary.Arm;
import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.MetricVerdict;
import dev.gantry.api.canary.Verdict;
import dev.gantry.api.canary.Window;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.apps.Placement;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A canary release, as steps of the deploy engine: start a few instances of the new release beside the
 * live ones; at each step give them a share of the requests (the router splits per request) and let the
 * judge compare them with the stable release at every interval; advance when the step's pause is over
 * and the judge says PROMOTE (or on {@code gantry promote}); at the last step scale the new release to
 * every instance and retire the old ones. The judge's ROLLBACK, a canary instance going down, or an
 * error burst (the router takes the canary's share away by itself within the second) fails the
 * deployment, which undoes itself: all traffic back on stable, canary instances drained and stopped.
 * With {@code onFailure: pause} a hard failure instead holds the weight at 0 until the canary is healthy
 * again. Every step, verdict, promotion and abort goes into the app's history with its reasons.
 *
 * <p>Each step runs its own anytime-valid test at level alpha / steps (Bonferroni across steps), so
 * looking at every interval costs nothing and the whole rollout keeps its false-alarm level.
 */
final class CanaryRollout {
    /**
     * Canary requests a step needs, once its pause is over, to pass without the judge's PROMOTE: proving "no
     * worse" within tight tolerances takes thousands of requests, so a step passes on the absence of a
     * regression once the judge has seen enough traffic to catch a gross one; a proven PROMOTE passes at once.
     */
    static final long PASS_REQUESTS = 100;

    private final RollingUpdate rolling;
    private final AppStore store;
    private final CanaryStore canaries;
    private final Clock clock;
    private final Runnable changed;
    private volatile CanaryInputs.TrafficSource traffic = (app, release, from, to) -> new Arm(0, 0);
    private volatile CanaryInputs.JudgeFactory judges =
            (analysis, steps) -> w -> new Verdict(Decision.CONTINUE, "no judge", null);
    /** deployment id to the judge of its current step, in memory: a restart begins the step's test afresh */
    private final Map<String, CanaryInputs.Judge> stepJudges = new ConcurrentHashMap<>();
    /** deployment id to the canary requests its current step's judge has seen (memory, like the judge) */
    private final Map<String, Long> stepRequests = new ConcurrentHashMap<>();
    /** canary instance id to the deployment that watches it while the canary serves */
    private final Map<String, String> watched = new ConcurrentHashMap<>();

    CanaryRollout(RollingUpdate rolling, AppStore store, CanaryStore canaries, Clock clock, Runnable changed) {
        this.rolling = rolling;
        this.store = store;
        this.canaries = canaries;
        this.clock = clock;
        this.changed = changed;
    }

    void use(CanaryInputs.TrafficSource source, CanaryInputs.JudgeFactory factory) {
        this.traffic = source;
        this.judges = factory;
    }

    /** True when this deployment is (or, at its first step, becomes) a canary: a deploy with a live release. */
    boolean handles(DeploymentRecord r, Step completed) {
        if (r.operation() != Operation.DEPLOY) return false;
        if (completed != Step.QUEUED) return canaries.running(r.app(), r.id()).isPresent();
        return strategy(r).isPresent() && !rolling.current(r.app()).isEmpty();
    }

    /** The splits routers apply, by app. */
    Map<String, CanarySplit> splits() {
        Map<String, CanarySplit> splits = new HashMap<>();
        for (CanaryState s : canaries.running()) {
            strategyOf(s.app(), s.canary())
                    .ifPresent(c -> splits.put(
                            s.app(),
                            new CanarySplit(
                                    s.canary(),
                                    s.effectiveWeight(),
                                    c.sticky(),
                                    c.analysis().errorBurst())));
        }
        return splits;
    }

    void roll(DeploymentRecord r, Step completed) {
        if (completed == Step.QUEUED) {
            int stable = store.app(r.app()).map(a -> a.release()).orElse(0);
            r = r.withOld(RollingUpdate.ids(rolling.current(r.app())));
            Strategy.Canary c = strategy(r).orElseThrow();
            CanaryState s = CanaryState.begin(
                    r.id(), r.app(), stable, r.release(), c.steps().size(), clock.millis());
            canaries.save(s);
            history(
                    r,
                    "gantry",
                    "canary",
                    "release " + r.release() + " against stable release " + stable + ": " + describe(c));
            rolling.start(r, needed(r, c.steps().getFirst().weight()), true);
            return;
        }
        CanaryState s = canaries.running(r.app(), r.id()).orElseThrow();
        if (s.promoted()) {
            List<Placement> old = rolling.placed(r.old());
            if (completed == Step.STARTING && !old.isEmpty()) rolling.drain(r, old);
            else rolling.succeed(r);
            return;
        }
        enter(r, s, s.step() + 1);
    }

    /** Enters step {@code index}: more canary instances first if its weight needs them, then the weight. */
    private void enter(DeploymentRecord r, CanaryState s, int index) {
        Strategy.Canary c = strategy(r).orElseThrow();
        if (index >= c.steps().size() || c.steps().get(index).weight() == 100) {
            promoteFully(r, s, "every step passed");
            return;
        }
        Strategy.CanaryStep step = c.steps().get(index);
        int missing = needed(r, step.weight()) - rolling.placed(r.fresh()).size();
        if (missing > 0) {
            rolling.log(r, "step " + (index + 1) + " needs " + missing + " more canary instance(s)");
            rolling.start(r, missing, true);
            return;
        }
        long now = clock.millis();
        CanaryState next = s.atStep(
                index, step.weight(), step.manual(), now, now + step.pause().toMillis());
        canaries.save(next);
        stepJudges.put(r.id(), judges.create(c.analysis(), c.steps().size()));
        stepRequests.remove(r.id());
        changed.run();
        String how = step.manual() ? "until gantry promote" : "for at least " + Durations.format(step.pause());
        rolling.log(r, "canary step " + (index + 1) + "/" + c.steps().size() + ": " + step.weight() + "% " + how);
        history(
                r,
                "gantry",
                "step",
                "step " + (index + 1) + "/" + c.steps().size() + ": " + step.weight() + "% of requests to release "
                        + r.release() + " " + how);
        watch(r);
        nextLook(r, c, now);
    }

    /** The judge's look at the interval that just ended, and what follows from it. */
    void look(DeploymentRecord r) {
        Optional<CanaryState> found = canaries.running(r.app(), r.id());
        if (found.isEmpty() || found.get().promoted()) return;
        CanaryState s = found.get();
        Strategy.Canary c = strategy(r).orElseThrow();
        long now = clock.millis();
        if (s.paused()) {
            if (healthy(r)) resume(r, s);
            else nextLook(r, c, now);
            return;
        }
        Window w = window(s, s.lastLook(), now);
        CanaryInputs.Judge judge = stepJudges.computeIfAbsent(
                r.id(), id -> judges.create(c.analysis(), c.steps().size()));
        Verdict v = judge.observe(w);
        long seen = stepRequests.merge(r.id(), w.canary().requests(), Long::sum);
        Decision before = s.verdict() == null ? null : s.verdict().decision();
        s = s.looked(v, now);
        canaries.save(s);
        if (v.decision() != before || s.looks() % 6 == 1)
            rolling.log(
                    r,
                    "look " + s.looks() + " at step " + (s.step() + 1) + ": " + v.decision() + ", " + v.reason()
                            + " (stable " + w.baseline().requests() + " requests, "
                            + w.baseline().errors()
                            + " errors; canary " + w.canary().requests() + ", "
                            + w.canary().errors() + ")");
        if (v.decision() == Decision.ROLLBACK) {
            history(r, "gantry", "verdict", "ROLLBACK at step " + (s.step() + 1) + ": " + evidence(v));
            rolling.fail(
                    r,
                    "the judge rolled the canary back at step " + (s.step() + 1) + ": " + v.reason(),
                    DeploymentState.FAILED);
            return;
        }
        if (v.decision() != before)
            history(r, "gantry", "verdict", v.decision() + " at step " + (s.step() + 1) + ": " + evidence(v));
        if (!s.manual() && now >= s.stepEndsAt()) {
            if (v.decision() == Decision.PROMOTE || seen >= PASS_REQUESTS) {
                rolling.log(
                        r,
                        "step " + (s.step() + 1) + " passed: "
                                + (v.decision() == Decision.PROMOTE
                                        ? "the judge found the canary no worse"
                                        : "no regression found in " + seen + " canary requests"));
                enter(r, s, s.step() + 1);
                return;
            }
            if (now >= s.stepEndsAt() + c.analysis().timeout().toMillis()) {
                rolling.fail(
                        r,
                        "no verdict at step " + (s.step() + 1) + " within "
                                + Durations.format(c.analysis().timeout()) + " after its pause: " + v.reason()
                                + " (more traffic, or a longer analysis.timeout)",
                        DeploymentState.FAILED);
                return;
            }
        }
        nextLook(r, c, now);
    }

    /** {@code gantry promote}: the next step now, or (full) every instance to the new release. */
    void promote(DeploymentRecord r, boolean full, String actor) {
        CanaryState s = canaries.running(r.app(), r.id()).orElseThrow();
        if (s.promoted() || s.step() < 0 || r.step() != Step.ANALYSING) {
            rolling.log(r, "promote asked by " + actor + ": nothing to promote in step " + r.step());
            return;
        }
        history(
                r,
                actor,
                "promote",
                full ? "to every instance, skipping the remaining steps" : "past step " + (s.step() + 1));
        rolling.quiet(r);
        if (full) promoteFully(r, s, "promoted by " + actor);
        else enter(r, s, s.step() + 1);
    }

    /** {@code gantry abort}: all traffic to stable, the canary removed; the deployment ends CANCELLED. */
    void abort(DeploymentRecord r, String actor) {
        history(r, actor, "abort", "canary of release " + r.release() + " aborted");
        rolling.fail(r, "aborted by " + actor + RollingUpdate.KEEP_SERVING, DeploymentState.CANCELLED);
    }

    /** The deployment is failing or cancelled: no more canary traffic, whatever the undoing does next. */
    void failing(DeploymentRecord r, DeploymentState outcome, String reason) {
        canaries.running(r.app(), r.id()).ifPresent(s -> {
            String state = outcome == DeploymentState.CANCELLED ? "aborted" : "rolled back";
            canaries.save(s.ended(state, reason));
            forget(r.id());
            changed.run();
            history(r, "gantry", "rollback", "all traffic back on release " + s.stable() + ": " + reason);
        });
    }

    /** The deployment ended: a running canary has been promoted. */
    void ended(DeploymentRecord r, DeploymentState state, String message) {
        canaries.running(r.app(), r.id()).ifPresent(s -> {
            canaries.save(s.ended(state == DeploymentState.SUCCEEDED ? "promoted" : "rolled back", message));
            forget(r.id());
            if (state == DeploymentState.SUCCEEDED)
                history(r, "gantry", "promoted", "release " + r.release() + " serves every request");
        });
    }

    /** An agent reported a canary instance: leaving READY is a hard failure; all READY again ends a pause. */
    void instanceChanged(InstanceStatus status) {
        String id = watched.get(status.id());
        if (id == null) return;
        rolling.post(id, r -> {
            if (r.step() != Step.ANALYSING) return;
            Optional<CanaryState> s = canaries.running(r.app(), r.id());
            if (s.isEmpty()) return;
            if (status.state() != InstanceState.READY
                    && rolling.placed(List.of(status.id())).size() == 1) {
                String msg = status.message() == null || status.message().isEmpty() ? "" : ": " + status.message();
                hardFailure(r, s.get(), "canary instance " + status.id() + " is " + status.state() + msg);
            } else if (s.get().paused() && !s.get().pausedReason().startsWith("error burst") && healthy(r)) {
                resume(r, s.get());
            }
        });
    }

    /** A router took the canary's share away: an error burst. */
    void tripped(String app, int release, String router) {
        for (CanaryState s : canaries.running()) {
            if (!s.app().equals(app) || s.canary() != release) continue;
            rolling.post(s.deployment(), r -> {
                canaries.running(r.app(), r.id())
                        .filter(c -> !c.paused() && r.step() == Step.ANALYSING)
                        .ifPresent(c -> hardFailure(
                                r,
                                c,
                                "error burst: router " + router
                                        + " saw the canary's failures pass its errorBurst threshold within a second"));
            });
        }
    }

    private void hardFailure(DeploymentRecord r, CanaryState s, String reason) {
        Strategy.Canary c = strategy(r).orElseThrow();
        history(r, "gantry", "hard failure", reason);
        if (c.onFailure() == Strategy.OnFailure.ABORT) {
            rolling.fail(r, reason, DeploymentState.FAILED);
            return;
        }
        canaries.save(s.pausedFor(reason));
        changed.run();
        rolling.log(r, "paused, all traffic on stable: " + reason);
    }

    private void resume(DeploymentRecord r, CanaryState s) {
        canaries.save(s.resumed());
        changed.run();
        rolling.log(r, "canary healthy again: " + s.weight() + "% of requests to it again");
        history(r, "gantry", "resume", "canary healthy again after: " + s.pausedReason());
    }

    private void promoteFully(DeploymentRecord r, CanaryState s, String why) {
        rolling.quiet(r);
        forget(r.id());
        canaries.save(s.promotedAt(clock.millis()));
        changed.run();
        rolling.log(r, why + ": release " + r.release() + " to every request and " + r.target() + " instance(s)");
        int missing = r.target() - rolling.placed(r.fresh()).size();
        if (missing > 0) rolling.start(r, missing, true);
        else roll(r, Step.STARTING);
    }

    /** Canary instances all READY (and at least one). */
    private boolean healthy(DeploymentRecord r) {
        List<Placement> fresh = rolling.placed(r.fresh());
        return !fresh.isEmpty() && fresh.stream().allMatch(p -> rolling.isReady(p.id()));
    }

    private void nextLook(DeploymentRecord r, Strategy.Canary c, long now) {
        rolling.await(r.at(
                Step.ANALYSING, r.fresh(), now, now + c.analysis().interval().toMillis()));
    }

    private void watch(DeploymentRecord r) {
        unwatch(r.id());
        r.fresh().forEach(i -> watched.put(i, r.id()));
    }

    private void forget(String deployment) {
        stepJudges.remove(deployment);
        stepRequests.remove(deployment);
        unwatch(deployment);
    }

    private void unwatch(String deployment) {
        watched.values().removeIf(deployment::equals);
    }

    /** Resumed after a control-plane restart in step ANALYSING: watch again, look at the next interval. */
    void resume(DeploymentRecord r) {
        watch(r);
        rolling.await(r);
    }

    private Window window(CanaryState s, long from, long to) {
        return new Window(arm(s.app(), s.stable(), from, to), arm(s.app(), s.canary(), from, to));
    }

    private Arm arm(String app, int release, long from, long to) {
        Arm a = traffic.arm(app, release, from, to);
        List<InstanceStatus> statuses = store.placements(app).stream()
                .filter(p -> p.spec().release() == release && !p.draining())
                .map(p -> rolling.status(p.id()))
                .flatMap(Optional::stream)
                .filter(st -> st.state() == InstanceState.READY)
                .toList();
        Double cpu = statuses.isEmpty()
                ? null
                : statuses.stream()
                        .mapToDouble(InstanceStatus::cpuPercent)
                        .average()
                        .orElse(0);
        Double memory = statuses.isEmpty()
                ? null
                : statuses.stream()
                        .mapToDouble(InstanceStatus::memoryBytes)
                        .average()
                        .orElse(0);
        return new Arm(a.requests(), a.errors(), a.latencyMs(), cpu, memory);
    }

    /** Canary instances a weight needs: its share of the target, at least one. */
    private static int needed(DeploymentRecord r, int weight) {
        return Math.max(1, (int) Math.ceil(r.target() * weight / 100.0));
    }

    Optional<Strategy.Canary> strategy(DeploymentRecord r) {
        return strategyOf(r.app(), r.release());
    }

    private Optional<Strategy.Canary> strategyOf(String app, int release) {
        return store.release(app, release)
                .map(rel -> rel.spec().strategy())
                .filter(Strategy.Canary.class::isInstance)
                .map(Strategy.Canary.class::cast);
    }

    private void history(DeploymentRecord r, String actor, String action, String detail) {
        store.record(new HistoryEvent(clock.millis(), r.app(), actor, action, detail));
    }

    static String evidence(Verdict v) {
        return v.reason()
                + (v.metrics().isEmpty()
                        ? ""
                        : " [" + v.metrics().stream().map(CanaryRollout::metric).collect(Collectors.joining("; "))
                                + "]");
    }

    private static String metric(MetricVerdict m) {
        return m.metric() + " " + m.decision() + ": " + m.reason();
    }

    private static String describe(Strategy.Canary c) {
        return c.steps().stream()
                        .map(s -> s.weight() + "%" + (s.manual() ? " (manual)" : " " + Durations.format(s.pause())))
                        .collect(Collectors.joining(", "))
                + "; judged every " + Durations.format(c.analysis().interval()) + " by the "
                + c.analysis().judge().name().toLowerCase() + " judge at alpha "
                + c.analysis().alpha()
                + "; error burst " + c.analysis().errorBurst() + "%; on failure: "
                + c.onFailure().name().toLowerCase();
    }
}
