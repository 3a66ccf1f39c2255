package dev.gantry.agent;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived system program (getent, useradd, unshare) to its end and returns its exit code and output. */
final class Exec {
    private Exec() {}

    /** Exit code and stdout + stderr of one run. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code argv} with only {@link Launcher#WRAPPER_ENV}: the agent's own environment has no say in system programs. */
    static Result run(List<String> argv, Duration timeout) throws IOException {
        Path output = Files.createTempFile("gantry-exec-", ".out"); // a file, not a pipe: waiting is what times out
        try {
            ProcessBuilder builder = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.DISCARD.file());
            builder.environment().clear();
            builder.environment().putAll(Launcher.WRAPPER_ENV);
            Process p = builder.start();
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(
                            String.join(" ", argv) + ": did not finish within " + timeout.toMillis() + " ms");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(argv.getFirst() + " interrupted");
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(output, StandardCharsets.UTF_8).strip());
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Runs {@code argv} and fails unless it exits with 0, naming the command, the code and what it printed. */
    static String check(List<String> argv, Duration timeout) throws IOException {
        Result r = run(argv, timeout);
        if (!r.ok()) throw new IOException(String.join(" ", argv) + ": exit code " + r.exitCode() + ": " + r.output());
        return r.output();
    }
}
