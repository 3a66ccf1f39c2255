package dev.gantry.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.api.AgentEndpointKey;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's own HTTP endpoint: {@code GET /health} (open) and {@code GET /logs/{instanceId}?offset=N} (bearer:
 * the agent's token, or the {@link AgentEndpointKey} the control plane derives from that token's digest), and
 * {@code GET /metrics} ({@link AgentMetrics}; also for a control-plane credential that may read metrics).
 * Logs come back from offset N, at most 1 MiB per call, or the last 64 KiB without an offset; the header
 * {@code X-Log-Offset} carries the offset to ask for next. Offsets count from the start of the instance's log,
 * rotated files included, so a follower keeps its place across a rotation.
 */
final class AgentEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentEndpoint.class);
    static final int MAX_CHUNK = 1024 * 1024;
    static final int DEFAULT_TAIL = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, Threads.daemon("gantry-agent-http"));
    private final byte[] expectedAuth;
    private final byte[] derivedAuth;
    private final LogFiles logs;
    private final java.util.function.Function<Boolean, String> metrics;
    private final java.util.function.Predicate<String> metricsReaders;

    AgentEndpoint(String address, int port, String token, LogFiles logs) throws IOException {
        this(address, port, token, logs, openMetrics -> "", bearer -> false);
    }

    /**
     * @param metrics        the {@code /metrics} text, in OpenMetrics when given true
     * @param metricsReaders which other bearers (a control-plane {@code metrics} credential) may read {@code /metrics}
     */
    AgentEndpoint(
            String address,
            int port,
            String token,
            LogFiles logs,
            java.util.function.Function<Boolean, String> metrics,
            java.util.function.Predicate<String> metricsReaders)
            throws IOException {
        this.metrics = metrics;
        this.metricsReaders = metricsReaders;
        this.server = HttpServer.create(new InetSocketAddress(address, port), 50);
        this.expectedAuth = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.derivedAuth = ("Bearer " + AgentEndpointKey.forSecret(token)).getBytes(StandardCharsets.UTF_8);
        this.logs = logs;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/health")) {
                send(exchange, 200, "ok\n");
            } else if (path.equals("/metrics") && (authorized(exchange) || readsMetrics(exchange))) {
                metrics(exchange);
            } else if (!authorized(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                send(exchange, 401, "missing or wrong bearer token\n");
            } else if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, "only GET is allowed\n");
            } else if (path.startsWith("/logs/") && path.length() > "/logs/".length()) {
                logs(exchange, URLDecoder.decode(path.substring("/logs/".length()), StandardCharsets.UTF_8));
            } else {
                send(exchange, 404, "no such path: " + path + "\n");
            }
        } catch (IOException | RuntimeException e) {
            log.warn("agent endpoint request failed uri={} error={}", exchange.getRequestURI(), e.toString());
        }
    }

    private void logs(HttpExchange exchange, String instanceId) throws IOException {
        String offsetParam = queryParam(exchange.getRequestURI().getRawQuery(), "offset");
        long offset;
        try {
            offset = offsetParam == null ? -1 : Long.parseLong(offsetParam);
            if (offsetParam != null && offset < 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            send(exchange, 400, "offset: must be a whole number >= 0, was " + offsetParam + "\n");
            return;
        }
        Optional<InstanceLog.Chunk> chunk = logs.read(instanceId, offset, offset < 0 ? DEFAULT_TAIL : MAX_CHUNK);
        if (chunk.isEmpty()) {
            send(exchange, 404, "unknown instance: " + instanceId + "\n");
            return;
        }
        exchange.getResponseHeaders()
                .set("X-Log-Offset", Long.toString(chunk.get().next()));
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        send(exchange, 200, chunk.get().bytes());
    }

    private void metrics(HttpExchange exchange) throws IOException {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        boolean open = accept != null && accept.contains("application/openmetrics-text");
        exchange.getResponseHeaders().set("Content-Type", open ? AgentMetrics.OPENMETRICS : AgentMetrics.TEXT);
        send(exchange, 200, metrics.apply(open).getBytes(StandardCharsets.UTF_8));
    }

    private boolean readsMetrics(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        return metricsReaders.test(header.substring(7).trim());
    }

    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) return false;
        byte[] presented = header.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, expectedAuth) | MessageDigest.isEqual(presented, derivedAuth);
    }

    private static String queryParam(String rawQuery, String name) {
        if (rawQuery == null) return null;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name))
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
        return null;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        }
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
