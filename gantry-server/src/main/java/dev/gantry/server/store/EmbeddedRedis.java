package dev.gantry.server.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * The Redis that the embedded shape starts by itself: a real redis-server child process, append-only
 * file on, persisting to {@code dataDir/redis}. A redis left behind by a killed control plane is
 * stopped first (its pid is in the pidfile), so starting twice in a row works.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static EmbeddedRedis start(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path pidFile = dir.resolve("redis.pid");
        stopLeftover(pidFile);
        int port = freePort();
        RedisServer server = RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("dir " + dir.toAbsolutePath())
                .setting("appendonly yes")
                .setting("appendfsync everysec")
                .setting("pidfile " + pidFile.toAbsolutePath())
                .setting("save \"\"")
                .setting("daemonize no")
                .onShutdownForceStop(false)
                .build();
        server.start();
        log.info("embedded redis started port={} dir={}", port, dir);
        return new EmbeddedRedis(server, port);
    }

    public URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }

    private static void stopLeftover(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) return;
        String text = Files.readString(pidFile).trim();
        Optional<ProcessHandle> old = text.matches("\\d+") ? ProcessHandle.of(Long.parseLong(text)) : Optional.empty();
        old.filter(p -> p.info().command().map(c -> c.contains("redis")).orElse(false))
                .ifPresent(p -> {
                    log.warn("stopping redis left behind by an earlier run pid={}", p.pid());
                    p.destroy();
                    p.onExit()
                            .completeOnTimeout(
                                    p, Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                            .join();
                    p.destroyForcibly();
                });
        Files.deleteIfExists(pidFile);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
