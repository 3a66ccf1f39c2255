package dev.gantry.agent;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
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
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.DISCARD.file());
        builder.environment().clear();
        builder.environment().putAll(Launcher.WRAPPER_ENV);
        Process p = builder.start();
        try {
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + ": did not finish within " + timeout.toSeconds() + "s");
            }
            return new Result(p.exitValue(), new String(output, StandardCharsets.UTF_8).strip());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(argv.getFirst() + " interrupted");
        }
    }

    /** Runs {@code argv} and fails unless it exits with 0, naming the command, the code and what it printed. */
    static String check(List<String> argv, Duration timeout) throws IOException {
        Result r = run(argv, timeout);
        if (!r.ok()) throw new IOException(String.join(" ", argv) + ": exit code " + r.exitCode() + ": " + r.output());
        return r.output();
    }
}
