package dev.gantry.server.releases;

import dev.gantry.api.DeploymentState;
import dev.gantry.server.apps.Placement;
import java.util.List;

/**
 * One deployment as Redis keeps it: enough to follow it, and to resume or undo it after the control
 * plane restarts. Its progress lines are kept beside it ({@link DeploymentStore}).
 *
 * @param release       the release it puts live (for scale, stop and delete: the live one)
 * @param target        how many instances run when it has succeeded
 * @param old           the instances it replaces or retires, as they were when it began, in the order it retires them
 * @param fresh         the instances it placed
 * @param retired       old instances it has stopped, kept whole so that undoing it can place them again
 * @param waiting       what the step waits for: instances to be READY (STARTING, RESTORING) or drained (DRAINING)
 * @param outcome       null while it goes forward; FAILED or CANCELLED once it undoes itself ({@code message} says why)
 * @param stepStartedAt when the step began
 * @param deadline      when the step gives up waiting (epoch millis; 0: it does not wait); kept across restarts
 */
record DeploymentRecord(
        String id,
        String app,
        int release,
        Operation operation,
        String actor,
        DeploymentState state,
        Step step,
        String message,
        int target,
        List<String> old,
        List<String> fresh,
        List<Placement> retired,
        List<String> waiting,
        DeploymentState outcome,
        long createdAt,
        long stepStartedAt,
        long deadline,
        long endedAt) {
    DeploymentRecord {
        old = old == null ? List.of() : List.copyOf(old);
        fresh = fresh == null ? List.of() : List.copyOf(fresh);
        retired = retired == null ? List.of() : List.copyOf(retired);
        waiting = waiting == null ? List.of() : List.copyOf(waiting);
        message = message == null ? "" : message;
    }

    /** A deployment just accepted: a deploy starts BUILDING, the others QUEUED. */
    static DeploymentRecord begin(
            String id, String app, int release, Operation operation, String actor, int target, long now) {
        Step first = operation == Operation.DEPLOY ? Step.BUILDING : Step.QUEUED;
        DeploymentState state = operation == Operation.DEPLOY ? DeploymentState.BUILDING : DeploymentState.ROLLING_OUT;
        return new DeploymentRecord(
                id, app, release, operation, actor, state, first, "", target, List.of(), List.of(), List.of(),
                List.of(), null, now, now, 0, 0);
    }

    /** In {@code next} step from {@code now}, waiting for {@code ids} until {@code until}. */
    DeploymentRecord at(Step next, List<String> ids, long now, long until) {
        return new DeploymentRecord(
                id, app, release, operation, actor, state, next, message, target, old, fresh, retired, ids, outcome,
                createdAt, now, until, endedAt);
    }

    /** Running its build ({@code BUILDING}) or test ({@code TESTING}) command. */
    DeploymentRecord building(Step next, String command, long now) {
        DeploymentState s = next == Step.TESTING ? DeploymentState.TESTING : DeploymentState.BUILDING;
        return new DeploymentRecord(
                id, app, release, operation, actor, s, next, command, target, old, fresh, retired, List.of(), outcome,
                createdAt, now, 0, endedAt);
    }

    DeploymentRecord rollingOut(String what) {
        return new DeploymentRecord(
                id,
                app,
                release,
                operation,
                actor,
                DeploymentState.ROLLING_OUT,
                Step.QUEUED,
                what,
                target,
                old,
                fresh,
                retired,
                List.of(),
                outcome,
                createdAt,
                stepStartedAt,
                0,
                endedAt);
    }

    DeploymentRecord withOld(List<String> ids) {
        return new DeploymentRecord(
                id,
                app,
                release,
                operation,
                actor,
                state,
                step,
                message,
                target,
                ids,
                fresh,
                retired,
                waiting,
                outcome,
                createdAt,
                stepStartedAt,
                deadline,
                endedAt);
    }

    DeploymentRecord withFresh(List<String> ids) {
        return new DeploymentRecord(
                id,
                app,
                release,
                operation,
                actor,
                state,
                step,
                message,
                target,
                old,
                ids,
                retired,
                waiting,
                outcome,
                createdAt,
                stepStartedAt,
                deadline,
                endedAt);
    }

    DeploymentRecord withRetired(List<Placement> placements) {
        return new DeploymentRecord(
                id,
                app,
                release,
                operation,
                actor,
                state,
                step,
                message,
                target,
                old,
                fresh,
                placements,
                waiting,
                outcome,
                createdAt,
                stepStartedAt,
                deadline,
                endedAt);
    }

    DeploymentRecord withMessage(String text) {
        return new DeploymentRecord(
                id,
                app,
                release,
                operation,
                actor,
                state,
                step,
                text,
                target,
                old,
                fresh,
                retired,
                waiting,
                outcome,
                createdAt,
                stepStartedAt,
                deadline,
                endedAt);
    }

    /** From now on it undoes itself and will end as {@code end} (FAILED or CANCELLED) for {@code reason}. */
    DeploymentRecord undoing(DeploymentState end, String reason) {
        return new DeploymentRecord(
                id,
                app,
                release,
                operation,
                actor,
                state,
                step,
                reason,
                target,
                old,
                fresh,
                retired,
                waiting,
                end,
                createdAt,
                stepStartedAt,
                deadline,
                endedAt);
    }

    DeploymentRecord ended(DeploymentState end, String text, long now) {
        return new DeploymentRecord(
                id,
                app,
                release,
                operation,
                actor,
                end,
                Step.DONE,
                text,
                target,
                old,
                fresh,
                retired,
                List.of(),
                outcome,
                createdAt,
                stepStartedAt,
                0,
                now);
    }

    boolean isUndoing() {
        return outcome != null;
    }

    /** For messages: {@code deploy of release 3, STARTING}. */
    String describe() {
        return operation.verb() + " of release " + release + ", " + step;
    }
}
