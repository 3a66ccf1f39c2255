package dev.gantry.proxy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.api.Backend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend on a JDK HttpServer bound to loopback port 0. Answers every path with its name;
 * {@code /slow} waits two seconds first (a slow app), {@code /big} sends 64 MiB; the health path
 * answers {@link #healthStatus}.
 */
final class FakeBackend implements AutoCloseable {
    static final String HEALTH = "/health";

    final String name;
    final ConcurrentLinkedQueue<Headers> requestHeaders = new ConcurrentLinkedQueue<>();
    final AtomicInteger requests = new AtomicInteger();
    volatile int healthStatus = 200;
    /** Status of every answer but the health path's (its name as the body). */
    volatile int answerStatus = 200;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    FakeBackend(String name) throws IOException {
        this(name, 0);
    }

    FakeBackend(String name, int port) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    Backend backend(int weight) {
        return backend(weight, 1);
    }

    Backend backend(int weight, int release) {
        return new Backend(name, "127.0.0.1", port(), release, weight);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex;
                InputStream in = ex.getRequestBody()) {
            long bodyBytes = in.transferTo(OutputStream.nullOutputStream());
            String path = ex.getRequestURI().getPath();
            if (path.equals(HEALTH)) {
                respond(ex, healthStatus, "health");
                return;
            }
            requests.incrementAndGet();
            requestHeaders.add(ex.getRequestHeaders());
            if (path.equals("/slow")) pause();
            if (path.equals("/big")) {
                sendBig(ex);
                return;
            }
            respond(ex, answerStatus, name + (bodyBytes > 0 ? " got " + bodyBytes : ""));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2000); // simulates a slow app, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 64 MiB, more than any socket buffer holds: a client that does not read leaves it mostly unsent. */
    private static void sendBig(HttpExchange ex) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        ex.sendResponseHeaders(200, 1024L * chunk.length);
        for (int i = 0; i < 1024; i++) ex.getResponseBody().write(chunk);
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
