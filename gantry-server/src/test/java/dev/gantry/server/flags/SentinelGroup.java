package dev.gantry.server.flags;

import static org.awaitility.Awaitility.await;

import dev.gantry.server.store.TestRedis;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.embedded.core.ExecutableProvider;

/**
 * Redis under Sentinel as real child processes on 127.0.0.1, free ports: a primary, a replica and
 * three sentinels (the redis-server binary that embedded-redis ships, started with --sentinel).
 * Each has its config file, data and log in its own directory. Sentinel timeouts are short, so a
 * killed primary is replaced within seconds. {@link #close()} stops every process it started.
 */
final class SentinelGroup implements AutoCloseable {
    static final String MASTER = "mymaster";
    private static Path binary;
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private Process primary;
    private Process replica;
    private int primaryPort;
    private int replicaPort;

    private SentinelGroup(Path dir) {
        this.dir = dir;
    }

    /** Starts the five processes and waits until the sentinels know the replica and each other. */
    static SentinelGroup start(Path dir) throws IOException {
        SentinelGroup group = new SentinelGroup(dir);
        try {
            group.startAll();
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
        return group;
    }

    private void startAll() throws IOException {
        primaryPort = TestRedis.freePort();
        primary = server("primary", primaryPort, "");
        replicaPort = TestRedis.freePort();
        replica = server("replica", replicaPort, "replicaof 127.0.0.1 " + primaryPort + "\n");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> call(replicaPort, "INFO", "replication").contains("master_link_status:up"));
        for (int i = 0; i < 3; i++) sentinelPorts.add(sentinel("sentinel-" + i, TestRedis.freePort()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sentinelPorts.stream()
                        .allMatch(p -> call(p, "INFO", "sentinel")
                                .contains("status=ok,address=127.0.0.1:" + primaryPort + ",slaves=1,sentinels=3")));
    }

    /** {@code redis-sentinel://} with all three sentinels. */
    URI uri() {
        StringBuilder hosts = new StringBuilder();
        for (int port : sentinelPorts)
            hosts.append(hosts.isEmpty() ? "" : ",").append("127.0.0.1:").append(port);
        return URI.create("redis-sentinel://" + hosts + "#" + MASTER);
    }

    URI replicaUri() {
        return URI.create("redis://127.0.0.1:" + replicaPort);
    }

    /** Waits until the replica has acknowledged everything the primary has (so a failover now loses nothing). */
    void awaitReplicaCaughtUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String info = call(primaryPort, "INFO", "replication");
            return number(info, "master_repl_offset:(\\d+)") == number(info, "slave0:.*offset=(\\d+)");
        });
    }

    /** SIGKILL, as a crash: no shutdown, no last words to the replica. */
    void killPrimary() throws InterruptedException {
        primary.destroyForcibly().waitFor();
    }

    /** The port of the Redis the sentinels name as primary now. */
    int currentPrimaryPort() {
        String info = call(sentinelPorts.get(0), "INFO", "sentinel");
        return (int) number(info, "address=127\\.0\\.0\\.1:(\\d+)");
    }

    int replicaPort() {
        return replicaPort;
    }

    /** Stops every process it started (SIGKILL for a stopped one) and waits for each to exit. */
    @Override
    public void close() {
        for (Process p : processes) {
            if (!p.isAlive()) continue;
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Process server(String name, int port, String extra) throws IOException {
        return launch(name, port, """
        port %d
        bind 127.0.0.1
        save ""
        appendonly no
        repl-diskless-sync yes
        repl-diskless-sync-delay 0
        %s""".formatted(port, extra), false);
    }

    private int sentinel(String name, int port) throws IOException {
        launch(name, port, """
        port %d
        bind 127.0.0.1
        sentinel monitor %s 127.0.0.1 %d 2
        sentinel down-after-milliseconds %s 1000
        sentinel failover-timeout %s 5000
        sentinel parallel-syncs %s 1
        """.formatted(port, MASTER, primaryPort, MASTER, MASTER, MASTER), true);
        return port;
    }

    private Process launch(String name, int port, String config, boolean sentinel) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Path conf = home.resolve(name + ".conf");
        Files.writeString(conf, config + "dir " + home.toAbsolutePath() + "\n");
        List<String> command = new ArrayList<>(List.of(binary().toString(), conf.toString()));
        if (sentinel) command.add("--sentinel");
        Path logFile = home.resolve(name + ".log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        processes.add(p);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            if (!p.isAlive()) throw new IllegalStateException(name + " exited: " + Files.readString(logFile));
            return pong(port);
        });
        return p;
    }

    private static synchronized Path binary() throws IOException {
        if (binary == null)
            binary = ExecutableProvider.newJarResourceProvider().get().toPath();
        return binary;
    }

    private static boolean pong(int port) {
        try {
            return call(port, "PING").equals("PONG");
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** One command over a fresh connection; the reply of a simple or bulk string reply (RESP2). */
    static String call(int port, String... args) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
            for (String a : args)
                request.append('$')
                        .append(a.getBytes(StandardCharsets.UTF_8).length)
                        .append("\r\n")
                        .append(a)
                        .append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String first = in.readLine();
            if (first == null) throw new IOException("connection closed");
            return switch (first.charAt(0)) {
                case '+' -> first.substring(1);
                case '$' -> bulk(in, Integer.parseInt(first.substring(1)));
                default -> throw new IOException("unexpected reply to " + String.join(" ", args) + ": " + first);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String bulk(BufferedReader in, int length) throws IOException {
        char[] text = new char[length];
        int read = 0;
        while (read < length) {
            int n = in.read(text, read, length - read);
            if (n < 0) throw new IOException("connection closed");
            read += n;
        }
        return new String(text);
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
