package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.api.AgentReport;
import dev.gantry.api.DesiredState;
import dev.gantry.api.InstanceSpec;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.Json;
import dev.gantry.api.client.ProblemException;
import dev.gantry.api.client.UnreachableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpControlPlaneTest {
    private static final ObjectMapper JSON = Json.mapper();

    @TempDir
    Path tempDir;

    HttpServer server;
    BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
    volatile byte[] artifact = new byte[0];
    HttpControlPlane controlPlane;

    record RecordedRequest(String method, String path, String authorization, String contentType, byte[] body) {}

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        controlPlane = new HttpControlPlane(
                HttpControlPlane.clientFor(url, () -> "secret").build());
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void desiredStateIsFetchedWithTheBearerToken() throws Exception {
        DesiredState state = HttpControlPlaneTest.desired();

        assertThat(controlPlane.desired("host-1")).isEqualTo(state);

        RecordedRequest request = requests.take();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/api/v1/agents/host-1/desired");
        assertThat(request.authorization()).isEqualTo("Bearer secret");
    }

    @Test
    void aReportIsPostedAsJson() throws Exception {
        InstanceStatus status = new InstanceStatus(
                "web-1",
                "web",
                3,
                "host-1",
                "127.0.0.1",
                20001,
                42,
                InstanceState.READY,
                1,
                1000,
                "ready",
                12.5,
                1 << 20);
        AgentReport report =
                new AgentReport("host-1", "127.0.0.1", "http://127.0.0.1:7071", 5, 7, List.of(status), 3.5, 10, 20);

        controlPlane.report(report);

        RecordedRequest request = requests.take();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v1/agents/host-1/report");
        assertThat(request.authorization()).isEqualTo("Bearer secret");
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(JSON.readValue(request.body(), AgentReport.class)).isEqualTo(report);
    }

    @Test
    void aBearerReadsMetricsWhenTheControlPlaneListsScrapeTargetsForIt() throws Exception {
        assertThat(controlPlane.readsMetrics("gty_metrics")).isTrue();
        assertThat(requests.take().authorization()).isEqualTo("Bearer gty_metrics");
        assertThat(controlPlane.readsMetrics("gty_other")).isFalse();
    }

    @Test
    void metricsReadersAskOnceAndKeepTheAnswerForAMinute() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        long[] now = {0};
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return java.time.Instant.ofEpochMilli(now[0]);
            }
        };
        MetricsReaders readers = new MetricsReaders(b -> asked.incrementAndGet() > 0 && b.equals("ok"), clock);

        assertThat(readers.allows("ok")).isTrue();
        assertThat(readers.allows("ok")).isTrue();
        assertThat(asked).hasValue(1);
        now[0] += MetricsReaders.ALLOWED_MILLIS;
        assertThat(readers.allows("ok")).isTrue();
        assertThat(asked).hasValue(2);
        assertThat(readers.allows("no")).isFalse();
        assertThat(readers.allows("no")).isFalse();
        assertThat(asked).hasValue(3);
    }

    @Test
    void anArtifactIsDownloadedToTheGivenFile() throws Exception {
        artifact = "release three, packed".getBytes(StandardCharsets.UTF_8);
        Path file = tempDir.resolve("releases/web/.3-download.tar.gz");
        Files.createDirectories(file.getParent());

        controlPlane.downloadArtifact("web", 3, file);

        assertThat(file).hasBinaryContent(artifact);
        RecordedRequest request = requests.take();
        assertThat(request.path()).isEqualTo("/api/v1/apps/web/releases/3/artifact");
        assertThat(request.authorization()).isEqualTo("Bearer secret");
    }

    @Test
    void aClientErrorBecomesAProblemExceptionNamingTheStatusAndUrl() {
        assertThatThrownBy(() -> controlPlane.desired("unknown-host"))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("/api/v1/agents/unknown-host/desired: 404 HTTP 404: not found");
    }

    @Test
    void anUnreachableServerIsRetriedBrieflyThenAnIOException() {
        server.stop(0);

        assertThatThrownBy(() -> controlPlane.desired("host-1"))
                .isInstanceOf(UnreachableException.class)
                .hasMessageContaining("/api/v1/agents/host-1/desired");
    }

    private static DesiredState desired() {
        return new DesiredState(
                "host-1",
                9,
                List.of(new InstanceSpec(
                        "web-r3-a", "web", 3, "java -jar web.jar", "/ready", Map.of("MODE", "prod"), 5)));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new RecordedRequest(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    body));
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/v1/agents/host-1/desired")) {
                respond(exchange, 200, "application/json", JSON.writeValueAsBytes(desired()));
            } else if (path.equals("/api/v1/agents/host-1/report")) {
                exchange.sendResponseHeaders(204, -1);
            } else if (path.equals("/api/v1/prometheus/targets")) {
                boolean reader =
                        "Bearer gty_metrics".equals(exchange.getRequestHeaders().getFirst("Authorization"));
                respond(exchange, reader ? 200 : 401, "application/json", "[]".getBytes(StandardCharsets.UTF_8));
            } else if (path.matches("/api/v1/apps/web/releases/\\d+/artifact")) {
                respond(exchange, 200, "application/gzip", artifact);
            } else {
                respond(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
