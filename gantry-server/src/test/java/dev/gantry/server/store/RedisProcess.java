package dev.gantry.server.store;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.embedded.core.ExecutableProvider;

/**
 * A redis-server (or, with {@code --sentinel}, a Sentinel) started from a config file of the test's
 * own, its output in {@code name.log} beside it; ready once its port accepts connections.
 */
final class RedisProcess implements AutoCloseable {
    /** Debian's redis-server (7, built with TLS); absent on hosts without the package. */
    static final Path SYSTEM_BINARY = Path.of("/usr/bin/redis-server");

    private final Process process;
    final int port;

    private RedisProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The redis-server that embedded-redis ships (6.2, no TLS). */
    static Path bundledBinary() throws IOException {
        return ExecutableProvider.newJarResourceProvider().get().toPath();
    }

    static RedisProcess start(Path binary, Path dir, String name, int port, String config, String... extraArgs)
            throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Path conf = home.resolve(name + ".conf");
        Files.writeString(conf, config + "\ndir " + home.toAbsolutePath() + "\n");
        List<String> command = new ArrayList<>(List.of(binary.toString(), conf.toString()));
        command.addAll(List.of(extraArgs));
        Path log = home.resolve(name + ".log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        RedisProcess started = new RedisProcess(p, port);
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                if (!p.isAlive()) throw new IllegalStateException(name + " exited: " + Files.readString(log));
                return accepts(port);
            });
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
