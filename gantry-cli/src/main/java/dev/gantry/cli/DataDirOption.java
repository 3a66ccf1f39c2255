package dev.gantry.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}: where Gantry keeps its state, token and logs; shared by every verb. */
final class DataDirOption {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "${env:GANTRY_DATA:-${sys:user.home}/.gantry}",
            description = "data directory (env GANTRY_DATA, default ${DEFAULT-VALUE})")
    Path dataDir;

    Path path() {
        return dataDir;
    }
}
