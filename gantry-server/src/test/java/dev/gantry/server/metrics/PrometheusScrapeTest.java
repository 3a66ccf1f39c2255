package dev.gantry.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.api.AgentReport;
import dev.gantry.api.Json;
import dev.gantry.api.ScrapeTarget;
import dev.gantry.api.TokenCreated;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.store.TestRedis;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service discovery for a team's Prometheus: {@code /api/v1/prometheus/targets} lists the control plane and the live
 * agents, and the real {@code prometheus} binary (Debian's package; the test is skipped without it) configured as the
 * README's "Prometheus" section says discovers the control plane through it and scrapes it with a metrics credential.
 */
class PrometheusScrapeTest {
    @TempDir
    Path dir;

    @Test
    void theTargetListNamesTheControlPlaneAndEachLiveAgentWithWhereToScrapeThem() throws Exception {
        try (GantryServer server = GantryServer.start(ServerConfig.of(dir.resolve("data"), 0), List.of());
                ControlPlaneClient admin = ControlPlaneClient.builder(server.apiUrl())
                        .token(server.token())
                        .build()) {
            admin.post(
                    "/api/v1/agents/h1/report",
                    new AgentReport("h1", "10.0.0.7", "http://10.0.0.7:7071", 0, 0, List.of(), 1, 1, 2),
                    Void.class);
            String metrics = metricsToken(admin);
            ControlPlaneClient prometheus = admin.newBuilder().token(metrics).build();

            ScrapeTarget[] targets = prometheus.get("/api/v1/prometheus/targets", ScrapeTarget[].class);

            URI api = URI.create(server.apiUrl());
            assertThat(targets)
                    .containsExactly(
                            new ScrapeTarget(
                                    List.of(api.getHost() + ":" + api.getPort()),
                                    Map.of(
                                            "gantry_component", "control-plane",
                                            "__scheme__", "http",
                                            "__metrics_path__", "/metrics")),
                            new ScrapeTarget(
                                    List.of("10.0.0.7:7071"),
                                    Map.of(
                                            "gantry_component", "agent",
                                            "gantry_host", "h1",
                                            "__scheme__", "http",
                                            "__metrics_path__", "/metrics")));
        }
    }

    @Test
    void aRealPrometheusDiscoversTheControlPlaneAndScrapesItWithAMetricsCredential() throws Exception {
        Assumptions.assumeTrue(
                onPath("prometheus"),
                "the prometheus binary is not installed (Debian package 'prometheus'; .ci/run installs it)");
        try (GantryServer server = GantryServer.start(ServerConfig.of(dir.resolve("data"), 0), List.of());
                ControlPlaneClient admin = ControlPlaneClient.builder(server.apiUrl())
                        .token(server.token())
                        .build()) {
            Path credential = Files.writeString(dir.resolve("gantry-metrics-token"), metricsToken(admin));
            int port = TestRedis.freePort();
            Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                    scrape_configs:
                      - job_name: gantry
                        authorization:
                          type: Bearer
                          credentials_file: %1$s
                        http_sd_configs:
                          - url: %2$s/api/v1/prometheus/targets
                            refresh_interval: 1s
                            authorization:
                              type: Bearer
                              credentials_file: %1$s
                    """.formatted(credential, server.apiUrl()));
            Process prometheus = new ProcessBuilder(
                            "prometheus",
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("tsdb"),
                            "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            try (HttpClient http = HttpClient.newHttpClient()) {
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions()
                        .until(() -> controlPlaneUp(http, port));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(
                        "Prometheus did not scrape the control plane; its log:\n"
                                + Files.readString(dir.resolve("prometheus.log")),
                        e);
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) prometheus.destroyForcibly();
            }
        }
    }

    private static boolean controlPlaneUp(HttpClient http, int port) throws Exception {
        String body = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/targets"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        for (JsonNode t : Json.mapper().readTree(body).path("data").path("activeTargets")) {
            if (t.path("labels").path("gantry_component").asText().equals("control-plane")
                    && t.path("health").asText().equals("up")) return true;
        }
        return false;
    }

    private static String metricsToken(ControlPlaneClient admin) throws Exception {
        return admin.post("/api/v1/tokens", Map.of("name", "prometheus", "role", "metrics"), TokenCreated.class)
                .token();
    }

    private static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, command))) return true;
        }
        return false;
    }
}
