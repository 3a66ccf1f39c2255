package dev.gantry.flags;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real SSE flag server on loopback speaking Gantry's stream protocol: snapshot on connect, deltas
 * after, missed deltas (or a snapshot) on reconnect with Last-Event-ID, pings, 401 for a bad key.
 * Snapshots carry its store id; a client naming another store gets a snapshot, and
 * {@link #startOver} replaces the store (a wiped Redis). Its state survives
 * {@link #stop()}/{@link #restart()}, as the real server's does in Redis.
 */
public final class FakeFlagServer implements AutoCloseable {
    private record Published(long version, String frame) {}

    private final String sdkKey;
    private final Object lock = new Object();
    private final List<Published> log = new ArrayList<>();
    private final List<BlockingQueue<String>> connections = new CopyOnWriteArrayList<>();
    final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    final List<String> environments = new CopyOnWriteArrayList<>();
    final List<String> storeIdsSent = new CopyOnWriteArrayList<>();
    volatile int failWithStatus;
    private FlagSet state = FlagSet.empty();
    private String storeId = "store-1";
    private HttpServer server;
    private ExecutorService executor;
    private volatile boolean running;
    private int port;

    public FakeFlagServer(String sdkKey) {
        this.sdkKey = sdkKey;
    }

    public FakeFlagServer start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/api/v1/flags/stream", this::stream);
        running = true;
        server.start();
        port = server.getAddress().getPort();
        return this;
    }

    public void stop() {
        running = false;
        server.stop(0);
        executor.shutdownNow();
    }

    public void restart() throws IOException {
        start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int requests() {
        return lastEventIds.size();
    }

    public long putFlag(Flag flag) {
        synchronized (lock) {
            long v = state.version() + 1;
            state = state.withFlag(flag).withVersion(v);
            return publish(v, "flag", Map.of("version", v, "flag", flag));
        }
    }

    public long deleteFlag(String key) {
        synchronized (lock) {
            long v = state.version() + 1;
            state = state.withoutFlag(key).withVersion(v);
            return publish(v, "flag-deleted", Map.of("version", v, "key", key));
        }
    }

    public long putSegment(Segment segment) {
        synchronized (lock) {
            long v = state.version() + 1;
            state = state.withSegment(segment).withVersion(v);
            return publish(v, "segment", Map.of("version", v, "segment", segment));
        }
    }

    /** Replaces the store by one with another id and {@code next} (whatever its version); open streams get its snapshot. */
    public void startOver(String newStoreId, FlagSet next) {
        synchronized (lock) {
            storeId = newStoreId;
            state = next;
            log.clear();
            String frame = snapshotFrame();
            for (BlockingQueue<String> q : connections) q.add(frame);
        }
    }

    private long publish(long version, String event, Object data) {
        String frame = frame(version, event, data);
        log.add(new Published(version, frame));
        for (BlockingQueue<String> q : connections) q.add(frame);
        return version;
    }

    private static String frame(long version, String event, Object data) {
        return "id: " + version + "\nevent: " + event + "\ndata: " + FlagJson.write(data) + "\n\n";
    }

    private String snapshotFrame() {
        return frame(
                state.version(),
                "snapshot",
                Map.of(
                        "version",
                        state.version(),
                        "storeId",
                        storeId,
                        "flags",
                        List.copyOf(state.flags().values()),
                        "segments",
                        List.copyOf(state.segments().values())));
    }

    private void stream(HttpExchange exchange) throws IOException {
        String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        lastEventIds.add(lastEventId == null ? "" : lastEventId);
        String clientStore = exchange.getRequestHeaders().getFirst("X-Gantry-Store-Id");
        storeIdsSent.add(String.valueOf(clientStore));
        environments.add(exchange.getRequestURI().getQuery());
        try (exchange) {
            if (failWithStatus != 0) {
                exchange.sendResponseHeaders(failWithStatus, -1);
                return;
            }
            if (!("Bearer " + sdkKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            serve(exchange.getResponseBody(), lastEventId, clientStore);
        }
    }

    private void serve(OutputStream out, String lastEventId, String clientStore) throws IOException {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        try {
            synchronized (lock) {
                write(out, catchUp(lastEventId, clientStore));
                connections.add(queue);
            }
            while (running) {
                String frame = queue.poll(200, TimeUnit.MILLISECONDS);
                write(out, frame != null ? frame : ": ping\n\n");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connections.remove(queue);
        }
    }

    /** The deltas after {@code lastEventId} when the client's store is this one and the log still has them all, else a snapshot. */
    private String catchUp(String lastEventId, String clientStore) {
        if (lastEventId == null || !storeId.equals(clientStore)) return snapshotFrame();
        long since = Long.parseLong(lastEventId);
        var sb = new StringBuilder();
        boolean complete = since >= state.version() || log.stream().anyMatch(p -> p.version() == since + 1);
        if (!complete) return snapshotFrame();
        for (Published p : log) if (p.version() > since) sb.append(p.frame());
        return sb.toString();
    }

    private static void write(OutputStream out, String text) throws IOException {
        if (text.isEmpty()) return;
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        if (running) stop();
    }
}
