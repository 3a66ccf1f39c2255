package dev.gantry.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command line to its end, bounded by a deadline, and keeps what it printed. The thin layer that executes the
 * argv the providers build as data.
 */
final class Exec {
    private Exec() {}

    /** What a finished command printed and how it exited. */
    record Result(List<String> argv, int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }

        /** The output when it exited 0; IOException naming the command, its exit code and stderr otherwise. */
        String orThrow() throws IOException {
            if (ok()) return out;
            throw new IOException(String.join(" ", argv) + " exited " + exit + ": " + err.strip());
        }
    }

    static Result run(List<String> argv) throws IOException {
        return run(argv, Map.of(), null, Duration.ofSeconds(30));
    }

    /** Runs {@code argv} with extra environment variables in {@code dir} (null: this one); IOException past {@code limit}. */
    static Result run(List<String> argv, Map<String, String> env, Path dir, Duration limit) throws IOException {
        ProcessBuilder pb =
                new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        if (dir != null) pb.directory(dir.toFile());
        Process p = pb.start();
        CompletableFuture<String> out = read(p.getInputStream());
        CompletableFuture<String> err = read(p.getErrorStream());
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + " did not finish within " + limit.toSeconds() + " s");
            }
            return new Result(List.copyOf(argv), p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv.getFirst(), e);
        }
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
