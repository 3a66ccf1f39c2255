package dev.gantry.api;

/**
 * An immutable, numbered build of an app. Rolling back is deploying an earlier release again.
 *
 * @param status     building, ready (built and tested) or failed (its build, test or rollout failed)
 * @param message    the reason when FAILED, otherwise a short summary
 * @param deployedAt epoch millis when this release last went live; 0 if it never did
 * @param pruned     its artifact was deleted to keep the control plane's disk bounded ({@code keepReleases}):
 *                   going back to it needs its source deployed again
 * @param digest     the SHA-256 of its artifact ({@code sha256:<hex>}, see {@link dev.gantry.api.archive.Digest}),
 *                   recorded when the artifact is stored; agents refuse an artifact that does not match it. Null until
 *                   it is built, and for releases built before digests were recorded
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
        boolean pruned,
        String digest) {
    public Release {
        if (digest != null && !dev.gantry.api.archive.Digest.isValid(digest))
            throw new IllegalArgumentException("release digest: must look like sha256:<64 hex digits>, was " + digest);
    }

    public Release(
            String app,
            int number,
            long createdAt,
            String source,
            AppSpec spec,
            ReleaseStatus status,
            String message,
            long deployedAt) {
        this(app, number, createdAt, source, spec, status, message, deployedAt, false, null);
    }

    public Release withStatus(ReleaseStatus newStatus, String newMessage) {
        return new Release(app, number, createdAt, source, spec, newStatus, newMessage, deployedAt, pruned, digest);
    }

    public Release deployed(long at) {
        return new Release(app, number, createdAt, source, spec, status, message, at, pruned, digest);
    }

    public Release withPruned() {
        return new Release(app, number, createdAt, source, spec, status, message, deployedAt, true, digest);
    }

    /** This release with the digest of its stored artifact. */
    public Release withDigest(String artifactDigest) {
        return new Release(app, number, createdAt, source, spec, status, message, deployedAt, pruned, artifactDigest);
    }
}
