package dev.gantry.bench.monitoring;

import dev.gantry.api.TokenCreated;
import dev.gantry.api.TokenRequest;
import dev.gantry.api.client.ControlPlaneClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The control plane under test, as its own process: {@code java -jar gantry.jar server} with no embedded agent or
 * router (the simulated agents are the only hosts), on a free port, its data and log in a directory of the run.
 * Its embedded Redis is a child process of its own, measured apart ({@link #redisPid()}).
 */
final class ControlPlane implements AutoCloseable {
    private final Process process;
    private final URI url;
    private final String adminToken;
    private final ControlPlaneClient admin;

    private ControlPlane(Process process, URI url, String adminToken) {
        this.process = process;
        this.url = url;
        this.adminToken = adminToken;
        this.admin = ControlPlaneClient.builder(url).token(adminToken).build();
    }

    /**
     * Starts {@code jar}'s server with {@code jvmFlags} and the alerts file, and waits (at most two minutes) for it
     * to print its URL. Its output goes to {@code dir/control-plane.log}.
     */
    static ControlPlane start(Path jar, Path dir, Path alerts, List<String> jvmFlags) throws Exception {
        int port = freePort();
        Path data = dir.resolve("data");
        deleteTree(data); // each run starts from an empty control plane
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(jvmFlags);
        argv.addAll(List.of("-jar", jar.toString(), "server", "--data-dir", data.toString(), "--bind", "127.0.0.1"));
        argv.addAll(List.of("--port", String.valueOf(port), "--no-router", "--no-agent", "--api-tls", "off"));
        argv.addAll(List.of("--alerts", alerts.toString()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("control-plane-log").start(() -> copyLog(p, dir, ready));
        try {
            ready.get(2, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            p.destroyForcibly();
            throw new IllegalStateException("control plane: no URL printed within 2 minutes; see " + log(dir));
        }
        String token = Files.readString(data.resolve("token")).strip();
        return new ControlPlane(p, URI.create("http://127.0.0.1:" + port), token);
    }

    URI url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    /** The embedded Redis server the control plane started, if it is a child process. */
    Optional<Long> redisPid() {
        return process.toHandle()
                .descendants()
                .filter(h -> h.info().command().orElse("").contains("redis"))
                .map(ProcessHandle::pid)
                .findFirst();
    }

    ControlPlaneClient admin() {
        return admin;
    }

    String adminToken() {
        return adminToken;
    }

    /** A new credential {@code name} with {@code role}; answers its secret. */
    String credential(String name, String role) throws IOException {
        return admin.post("/api/v1/tokens", new TokenRequest(name, role, null), TokenCreated.class)
                .token();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        admin.close();
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }

    static Path log(Path dir) {
        return dir.resolve("control-plane.log");
    }

    private static void copyLog(Process p, Path dir, CompletableFuture<Void> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(log(dir)), true)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.println(line);
                if (line.startsWith("control plane ")) ready.complete(null);
            }
            ready.completeExceptionally(new IllegalStateException(
                    "control plane exited with " + p.waitFor() + " before it was ready; see " + log(dir)));
        } catch (IOException | InterruptedException e) {
            ready.completeExceptionally(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
