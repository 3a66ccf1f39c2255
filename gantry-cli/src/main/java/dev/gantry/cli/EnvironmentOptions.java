package dev.gantry.cli;

import dev.gantry.fleet.Environment;
import dev.gantry.fleet.EnvironmentParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The environment a fleet verb works on: {@code ENV}, read from {@code --environments DIR/ENV.yml}. */
final class EnvironmentOptions {
    @Parameters(index = "0", paramLabel = "ENV", description = "the environment, described by DIR/ENV.yml")
    String name;

    @Option(
            names = "--environments",
            paramLabel = "DIR",
            defaultValue = "${env:GANTRY_ENVIRONMENTS:-environments}",
            description = "where environment files are (env GANTRY_ENVIRONMENTS, default ${DEFAULT-VALUE})")
    Path dir;

    Path file() {
        return dir.resolve(name + ".yml");
    }

    /** The environment file read and checked; every problem on a line of its own. */
    Environment load() throws IOException {
        if (!Files.isRegularFile(file())) {
            throw new CliException("no environment file " + file() + " (give --environments DIR)");
        }
        try {
            return EnvironmentParser.read(file());
        } catch (IllegalArgumentException e) {
            throw new CliException(
                    file() + " is not a valid environment:\n  " + e.getMessage().replace("\n", "\n  "));
        }
    }
}
