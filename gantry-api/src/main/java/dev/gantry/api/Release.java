package dev.gantry.api;

/**
 * An immutable, numbered build of an app. Rolling back is deploying an earlier release again.
 *
 * @param status     building, ready (built and tested) or failed (its build, test or rollout failed)
 * @param message    the reason when FAILED, otherwise a short summary
 * @param deployedAt epoch millis when this release last went live; 0 if it never did
 * @param pruned     its artifact was deleted to keep the control plane's disk bounded ({@code keepReleases}):
 *                   going back to it needs its source deployed again
 */
public record Release(
        String app,
        int number,
        long createdAt,
        String source,
        AppSpec spec,
        ReleaseStatus status,
        String message,
        long deployedAt,
        boolean pruned) {
    public Release(
            String app,
            int number,
            long createdAt,
            String source,
            AppSpec spec,
            ReleaseStatus status,
            String message,
            long deployedAt) {
        this(app, number, createdAt, source, spec, status, message, deployedAt, false);
    }

    public Release withStatus(ReleaseStatus newStatus, String newMessage) {
        return new Release(app, number, createdAt, source, spec, newStatus, newMessage, deployedAt, pruned);
    }

    public Release deployed(long at) {
        return new Release(app, number, createdAt, source, spec, status, message, at, pruned);
    }

    public Release withPruned() {
        return new Release(app, number, createdAt, source, spec, status, message, deployedAt, true);
    }
}
