package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code gantry} command (gantry-cli/target/gantry.jar, in its own JVM) as an operator runs it on environments:
 * in {@code dir}, with the state under {@code dir/data} and the checkout's playbooks, each run to its end.
 */
record FleetCli(Path dir) {
    record Run(int exit, String out, String err) {}

    /**
     * {@code gantry ARGS --data-dir DIR/data} (and {@code --playbooks} for up; {@code chaos}, which keeps no state,
     * without the data directory); at most 15 minutes.
     */
    Run run(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-jar",
                AppDir.root().resolve("gantry-cli/target/gantry.jar").toString()));
        argv.addAll(List.of(args));
        if (!args[0].equals("chaos"))
            argv.addAll(List.of("--data-dir", dir.resolve("data").toString()));
        if (args[0].equals("up"))
            argv.addAll(List.of(
                    "--playbooks", AppDir.root().resolve("deploy/ansible").toString()));
        Path out = Files.createTempFile(dir, "cli-", ".out");
        Path err = Files.createTempFile(dir, "cli-", ".err");
        ProcessBuilder b = new ProcessBuilder(argv)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        b.environment().keySet().removeIf(k -> k.startsWith("GANTRY_"));
        long start = System.nanoTime();
        Process p = b.start();
        assertThat(p.waitFor(25, TimeUnit.MINUTES))
                .as("gantry " + String.join(" ", args))
                .isTrue();
        Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        System.out.printf(
                "$ gantry %s   (%.1f s)%n%s%s%n",
                String.join(" ", args), (System.nanoTime() - start) / 1e9, run.out(), run.err());
        return run;
    }
}
