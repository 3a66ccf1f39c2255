package dev.gantry.server.releases;

import dev.gantry.api.canary.CanaryStatus;
import dev.gantry.api.canary.Verdict;

/**
 * A running canary as Redis keeps it, beside its deployment: which step, what weight, the latest verdict.
 * What the judge has accumulated lives in memory only: a control plane started again begins the step's
 * test afresh, which keeps its guarantee (each test is valid from its own start).
 *
 * @param step          index into the strategy's steps; -1 while the first canary instances start
 * @param promoted      every step passed (or promote --full): the new release is being scaled to the target
 * @param pausedReason  non-null while a hard failure holds the canary's weight at 0
 * @param lastLook      epoch millis the judge last looked: the next window starts there
 */
record CanaryState(
        String deployment,
        String app,
        int stable,
        int canary,
        int step,
        int steps,
        int weight,
        boolean manual,
        boolean promoted,
        String pausedReason,
        long stepStartedAt,
        long stepEndsAt,
        long lastLook,
        int looks,
        Verdict verdict,
        long verdictAt,
        String state,
        String message) {
    static final String RUNNING = "running";

    static CanaryState begin(String deployment, String app, int stable, int canary, int steps, long now) {
        return new CanaryState(
                deployment,
                app,
                stable,
                canary,
                -1,
                steps,
                0,
                false,
                false,
                null,
                now,
                0,
                now,
                0,
                null,
                0,
                RUNNING,
                "starting the canary instances");
    }

    boolean paused() {
        return pausedReason != null;
    }

    boolean running() {
        return RUNNING.equals(state);
    }

    /** The weight routers apply: 0 while paused or before the first step. */
    int effectiveWeight() {
        return paused() || step < 0 ? 0 : weight;
    }

    CanaryState atStep(int index, int stepWeight, boolean isManual, long now, long endsAt) {
        return new CanaryState(
                deployment,
                app,
                stable,
                canary,
                index,
                steps,
                stepWeight,
                isManual,
                promoted,
                pausedReason,
                now,
                endsAt,
                now,
                0,
                verdict,
                verdictAt,
                state,
                isManual ? "waiting for gantry promote" : "judging");
    }

    CanaryState promotedAt(long now) {
        return new CanaryState(
                deployment,
                app,
                stable,
                canary,
                steps,
                steps,
                100,
                false,
                true,
                null,
                now,
                0,
                now,
                looks,
                verdict,
                verdictAt,
                state,
                "promoted: scaling release " + canary + " to every instance");
    }

    CanaryState looked(Verdict v, long now) {
        return new CanaryState(
                deployment,
                app,
                stable,
                canary,
                step,
                steps,
                weight,
                manual,
                promoted,
                pausedReason,
                stepStartedAt,
                stepEndsAt,
                now,
                looks + 1,
                v,
                now,
                state,
                message);
    }

    CanaryState pausedFor(String reason) {
        return new CanaryState(
                deployment,
                app,
                stable,
                canary,
                step,
                steps,
                weight,
                manual,
                promoted,
                reason,
                stepStartedAt,
                stepEndsAt,
                lastLook,
                looks,
                verdict,
                verdictAt,
                state,
                "paused: " + reason);
    }

    CanaryState resumed() {
        return new CanaryState(
                deployment,
                app,
                stable,
                canary,
                step,
                steps,
                weight,
                manual,
                promoted,
                null,
                stepStartedAt,
                stepEndsAt,
                lastLook,
                looks,
                verdict,
                verdictAt,
                state,
                "resumed");
    }

    CanaryState ended(String outcome, String text) {
        return new CanaryState(
                deployment,
                app,
                stable,
                canary,
                step,
                steps,
                weight,
                manual,
                promoted,
                pausedReason,
                stepStartedAt,
                stepEndsAt,
                lastLook,
                looks,
                verdict,
                verdictAt,
                outcome,
                text);
    }

    CanaryStatus view() {
        return new CanaryStatus(
                app,
                deployment,
                state,
                stable,
                canary,
                promoted ? steps + 1 : step + 1,
                steps,
                running() ? effectiveWeight() : "promoted".equals(state) ? 100 : 0,
                paused(),
                pausedReason,
                manual,
                stepStartedAt,
                manual ? 0 : stepEndsAt,
                verdict,
                verdictAt,
                looks,
                message);
    }
}
