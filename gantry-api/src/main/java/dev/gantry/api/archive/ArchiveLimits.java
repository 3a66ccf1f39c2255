package dev.gantry.api.archive;

import java.time.Duration;

/**
 * How far an archive may expand when {@link TarGz#unpack unpacked}. Validated on construction.
 *
 * @param maxBytes   the total size of the files it holds (declared and actually read)
 * @param maxEntries how many entries (files, directories and links) it holds
 * @param maxRatio   unpacked bytes per compressed byte, checked once the archive has expanded past
 *                   {@link #RATIO_FLOOR}, so a small archive of text is never refused for compressing well
 * @param timeout    how long unpacking may take
 */
public record ArchiveLimits(long maxBytes, int maxEntries, int maxRatio, Duration timeout) {
    /** 1 GiB, 20,000 entries, a ratio of 200 and 5 minutes. */
    public static final ArchiveLimits DEFAULT = new ArchiveLimits(1L << 30, 20_000, 200, Duration.ofMinutes(5));

    /** Below this many unpacked bytes the ratio is not checked. */
    public static final long RATIO_FLOOR = 16L << 20;

    public ArchiveLimits {
        if (maxBytes < 1) throw new IllegalArgumentException("maxBytes: must be >= 1, was " + maxBytes);
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries: must be >= 1, was " + maxEntries);
        if (maxRatio < 1) throw new IllegalArgumentException("maxRatio: must be >= 1, was " + maxRatio);
        if (timeout == null || timeout.isNegative() || timeout.isZero())
            throw new IllegalArgumentException("timeout: must be > 0, was " + timeout);
    }

    public ArchiveLimits withMaxBytes(long value) {
        return new ArchiveLimits(value, maxEntries, maxRatio, timeout);
    }

    public ArchiveLimits withMaxEntries(int value) {
        return new ArchiveLimits(maxBytes, value, maxRatio, timeout);
    }

    public ArchiveLimits withMaxRatio(int value) {
        return new ArchiveLimits(maxBytes, maxEntries, value, timeout);
    }

    public ArchiveLimits withTimeout(Duration value) {
        return new ArchiveLimits(maxBytes, maxEntries, maxRatio, value);
    }

    /** A byte count for messages: {@code 1 GiB}, {@code 512 MiB}, {@code 64 KiB}, else bytes. */
    public static String describe(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) return (bytes >> 30) + " GiB";
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) return (bytes >> 20) + " MiB";
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) return (bytes >> 10) + " KiB";
        return bytes + " bytes";
    }
}
