package dev.gantry.cli;

import dev.gantry.api.archive.ArchiveLimits;
import picocli.CommandLine.Option;

/** How far an archive may expand when unpacked: uploads on the control plane, release artifacts on an agent. */
final class UnpackOptions {
    @Option(
            names = "--unpack-max-size",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            defaultValue = "${env:GANTRY_UNPACK_MAX_SIZE:-1Gi}",
            description = "largest total size of the files in an archive (env GANTRY_UNPACK_MAX_SIZE, default"
                    + " ${DEFAULT-VALUE})")
    long maxSize;

    @Option(
            names = "--unpack-max-entries",
            paramLabel = "N",
            defaultValue = "${env:GANTRY_UNPACK_MAX_ENTRIES:-20000}",
            description = "most entries in an archive (env GANTRY_UNPACK_MAX_ENTRIES, default ${DEFAULT-VALUE})")
    int maxEntries;

    @Option(
            names = "--unpack-max-ratio",
            paramLabel = "N",
            defaultValue = "${env:GANTRY_UNPACK_MAX_RATIO:-200}",
            description = "most unpacked bytes per compressed byte once an archive passes 16 MiB (env"
                    + " GANTRY_UNPACK_MAX_RATIO, default ${DEFAULT-VALUE})")
    int maxRatio;

    ArchiveLimits limits() {
        try {
            return ArchiveLimits.DEFAULT
                    .withMaxBytes(maxSize)
                    .withMaxEntries(maxEntries)
                    .withMaxRatio(maxRatio);
        } catch (IllegalArgumentException e) {
            throw new CliException("--unpack-max-*: " + e.getMessage());
        }
    }
}
