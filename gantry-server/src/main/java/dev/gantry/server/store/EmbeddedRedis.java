package dev.gantry.server.store;

import dev.gantry.api.files.OwnerOnly;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * The Redis that the embedded shape starts by itself: a real redis-server child process, append-only
 * file on, persisting to {@code dataDir/redis}. A redis left behind by a killed control plane is
 * stopped first (its pid is in the pidfile), so starting twice in a row works.
 *
 * <p>It is locked: it listens on 127.0.0.1 only ({@code protected-mode yes}) and asks for a password,
 * generated on the first start (256 random bits, hex) and kept in {@code redis.password}. Its
 * directory is 0700; the password file and the configuration that carries it ({@code redis.conf},
 * so that the password is not on a command line {@code ps} shows) are created 0600, and Redis runs
 * with umask 077, so its AOF and RDB files are 0600 too.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    static final String PASSWORD_FILE = "redis.password";
    static final String CONFIG_FILE = "redis.conf";
    /** Runs its arguments with umask 077: Java cannot set a child's umask, a shell can. */
    private static final List<String> WITH_PRIVATE_UMASK = List.of("/bin/sh", "-c", "umask 077 && exec \"$0\" \"$@\"");

    private final RedisServer server;
    private final int port;
    private final String password;

    private EmbeddedRedis(RedisServer server, int port, String password) {
        this.server = server;
        this.port = port;
        this.password = password;
    }

    public static EmbeddedRedis start(Path dir) throws IOException {
        OwnerOnly.directory(dir);
        Path pidFile = dir.resolve("redis.pid");
        stopLeftover(pidFile);
        String password = loadOrCreatePassword(dir.resolve(PASSWORD_FILE));
        int port = freePort();
        Path conf = dir.resolve(CONFIG_FILE);
        OwnerOnly.write(conf, config(dir, port, password));
        String binary = ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
        RedisServer server = new RedisServer(
                port,
                command(binary, conf),
                false,
                line -> log.debug("redis: {}", line),
                line -> log.warn("redis: {}", line));
        server.start();
        log.info("embedded redis started port={} dir={}", port, dir);
        return new EmbeddedRedis(server, port, password);
    }

    /** The URI to connect with, password included: hand it to {@link Redis}, never print it. */
    public URI uri() {
        return URI.create("redis://:" + password + "@127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }

    /** The configuration file's text: loopback only, the password, append-only persistence in {@code dir}. */
    static String config(Path dir, int port, String password) {
        return String.join(
                "\n",
                "bind 127.0.0.1",
                "protected-mode yes",
                "port " + port,
                "requirepass " + password,
                "dir " + quoted(dir.toAbsolutePath().toString()),
                "pidfile " + quoted(dir.resolve("redis.pid").toAbsolutePath().toString()),
                "appendonly yes",
                "appendfsync everysec",
                "save \"\"",
                "daemonize no",
                "");
    }

    /** The command line: the binary and the configuration file, no secret; started with umask 077. */
    static List<String> command(String binary, Path conf) {
        List<String> command = new ArrayList<>(WITH_PRIVATE_UMASK);
        command.add(binary);
        command.add(conf.toAbsolutePath().toString());
        return List.copyOf(command);
    }

    static String loadOrCreatePassword(Path file) throws IOException {
        if (Files.exists(file)) {
            if (OwnerOnly.posix()) Files.setPosixFilePermissions(file, OwnerOnly.FILE);
            String existing = Files.readString(file).trim();
            if (!existing.isEmpty()) return existing;
        }
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String password = HexFormat.of().formatHex(bytes);
        OwnerOnly.write(file, password + "\n");
        return password;
    }

    private static String quoted(String path) {
        return "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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
                            .completeOnTimeout(p, Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)
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
