package dev.gantry.server.releases;

import dev.gantry.api.archive.ArchiveLimits;
import java.time.Duration;

/**
 * What the control plane accepts as an app upload (or a pushed commit, which becomes one), and what building it may
 * cost. Validated on construction.
 *
 * @param maxBytes     the largest upload (the compressed archive); a bigger one gets 413 before it is stored, from its
 *                     Content-Length or, when it sends none or lies, as soon as it has sent one byte too many; for a
 *                     push, the largest pack
 * @param unpack       how far the upload may expand when unpacked for its build
 * @param buildTimeout how long each of gantry.yml's test and build commands may run before it is killed and the
 *                     release fails
 */
public record UploadLimits(long maxBytes, ArchiveLimits unpack, Duration buildTimeout) {
    /** The time a build or test command gets unless told otherwise. */
    public static final Duration DEFAULT_BUILD_TIMEOUT = Duration.ofMinutes(15);

    /** 512 MiB, unpacked within {@link ArchiveLimits#DEFAULT}, 15 minutes per command. */
    public static final UploadLimits DEFAULT = new UploadLimits(512L << 20, ArchiveLimits.DEFAULT);

    public UploadLimits {
        if (maxBytes < 1) throw new IllegalArgumentException("maxBytes: must be >= 1, was " + maxBytes);
        if (unpack == null) throw new IllegalArgumentException("unpack: is required");
        buildTimeout = buildTimeout == null ? DEFAULT_BUILD_TIMEOUT : buildTimeout;
        if (buildTimeout.toMillis() < 1)
            throw new IllegalArgumentException("buildTimeout: must be > 0, was " + buildTimeout);
    }

    /** With the default build timeout. */
    public UploadLimits(long maxBytes, ArchiveLimits unpack) {
        this(maxBytes, unpack, null);
    }

    public UploadLimits withBuildTimeout(Duration timeout) {
        return new UploadLimits(maxBytes, unpack, timeout);
    }
}
