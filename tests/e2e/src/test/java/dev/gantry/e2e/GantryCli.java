package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code gantry} command a user runs (gantry-cli/target/gantry.jar, in its own JVM) against a test's platform:
 * each run to its end with its exit code, stdout and stderr.
 */
final class GantryCli {
    private final Platform platform;

    GantryCli(Platform platform) {
        this.platform = platform;
    }

    record Run(int exit, String out, String err) {}

    /** {@code gantry ARGS --server URL --token TOKEN}; at most two minutes. */
    Run run(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-jar",
                AppDir.root().resolve("gantry-cli/target/gantry.jar").toString()));
        argv.addAll(List.of(args));
        argv.addAll(List.of(
                "--server",
                platform.gantry.server().apiUrl(),
                "--token",
                platform.gantry.server().token()));
        Path out = Files.createTempFile(platform.dir, "cli-", ".out");
        Path err = Files.createTempFile(platform.dir, "cli-", ".err");
        ProcessBuilder b = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
        b.environment().keySet().removeIf(k -> k.startsWith("GANTRY_"));
        b.environment().put("COLUMNS", "200");
        Process p = b.start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES))
                .as("gantry " + String.join(" ", args))
                .isTrue();
        Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        System.out.println("$ gantry " + String.join(" ", args) + "\n" + run.out() + run.err());
        return run;
    }
}
