package dev.gantry.proxy;

import dev.gantry.api.Backend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs {@link FakeBackendMain} in a child JVM; {@link #kill()} is a real SIGKILL. */
final class BackendProcess implements AutoCloseable {
    final String name;
    private final Process process;
    private final int port;

    BackendProcess(String name, int port) throws IOException {
        this.name = name;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(
                        java,
                        "-Xmx64m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FakeBackendMain.class.getName(),
                        name,
                        String.valueOf(port)))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IOException("backend process " + name + " did not start, said: " + line);
        }
        this.port = Integer.parseInt(line.substring("READY ".length()));
    }

    int port() {
        return port;
    }

    Backend backend(int weight) {
        return backend(weight, 1);
    }

    Backend backend(int weight, int release) {
        return new Backend(name, "127.0.0.1", port, release, weight);
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
