package dev.gantry.server.releases;

import dev.gantry.api.archive.ArchiveLimits;

/**
 * What the control plane accepts as an app upload. Validated on construction.
 *
 * @param maxBytes the largest upload (the compressed archive); a bigger one gets 413 before it is stored, from its
 *                 Content-Length or, when it sends none or lies, as soon as it has sent one byte too many
 * @param unpack   how far the upload may expand when unpacked for its build
 */
public record UploadLimits(long maxBytes, ArchiveLimits unpack) {
    /** 512 MiB, unpacked within {@link ArchiveLimits#DEFAULT}. */
    public static final UploadLimits DEFAULT = new UploadLimits(512L << 20, ArchiveLimits.DEFAULT);

    public UploadLimits {
        if (maxBytes < 1) throw new IllegalArgumentException("maxBytes: must be >= 1, was " + maxBytes);
        if (unpack == null) throw new IllegalArgumentException("unpack: is required");
    }
}
