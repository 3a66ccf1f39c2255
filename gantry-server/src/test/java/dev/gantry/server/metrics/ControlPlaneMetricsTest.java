package dev.gantry.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.Json;
import dev.gantry.api.MetricSeries;
import dev.gantry.api.TokenCreated;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.flags.FlagsFeature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control plane's {@code /metrics} and {@code /api/v1/series}, scraped and read for real with a metrics credential. */
class ControlPlaneMetricsTest {
    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{(?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*})?) (\\S+)");
    private static final String FLAG = """
      {"key":"banner","type":"boolean","variants":{"on":true,"off":false},
       "environments":{"production":{"enabled":true,"defaultVariant":"off"}},"reason":"r"}""";

    @TempDir
    static Path dir;

    static GantryServer server;
    static String metricsToken;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = GantryServer.start(ServerConfig.of(dir.resolve("data"), 0), List.of(FlagsFeature::new));
        metricsToken = Json.read(
                        send("POST", "/api/v1/tokens", server.token(), "{\"name\":\"prom\",\"role\":\"metrics\"}", null)
                                .body(),
                        TokenCreated.class)
                .token();
        send("PUT", "/api/v1/flags/banner", server.token(), FLAG, null);
        send("POST", "/api/v1/agents/h1/report", server.token(), Json.write(report()), null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aMetricsCredentialScrapesApiRequestsFlagsRedisAndTheJvmInTheTextFormat() throws Exception {
        HttpResponse<String> r = send("GET", "/metrics", metricsToken, null, null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        Map<String, Double> samples = parse(r.body());
        assertThat(samples)
                .containsEntry("gantry_redis_up", 1.0)
                .containsEntry("gantry_flag_writes_total{kind=\"flag\"}", 1.0)
                .containsEntry("gantry_flag_streams", 0.0)
                .containsKey("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}")
                .containsKey("process_uptime_seconds");
        assertThat(samples.keySet())
                .anyMatch(k -> k.startsWith(
                        "gantry_api_requests_seconds_count{method=\"PUT\",route=\"/api/v1/flags/{key}\",status=\"20"));
        assertThat(samples.get("gantry_series")).isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void anOpenMetricsScraperGetsOpenMetrics() throws Exception {
        HttpResponse<String> r =
                send("GET", "/metrics", metricsToken, null, "application/openmetrics-text; version=1.0.0");

        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
        assertThat(r.body()).contains("gantry_redis_up 1.0").endsWith("# EOF\n");
    }

    @Test
    void theMetricsCredentialReadsSeriesButNoOtherApi() throws Exception {
        HttpResponse<String> series =
                send("GET", "/api/v1/series?instance=web-1&metric=memory", metricsToken, null, null);
        assertThat(series.statusCode()).isEqualTo(200);
        assertThat(Json.strict().readValue(series.body(), MetricSeries.class).values())
                .contains(5.0e7);

        assertThat(send("GET", "/api/v1/apps", metricsToken, null, null).statusCode())
                .isEqualTo(403);
        HttpResponse<String> bad = send("GET", "/api/v1/series?app=web&metric=heat", metricsToken, null, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("metric: must be one of cpu, memory");
    }

    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find()) out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return out;
    }

    private static HttpResponse<String> send(String method, String path, String token, String body, String accept)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.apiUrl() + path))
                .header("Authorization", "Bearer " + token)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        if (accept != null) b.header("Accept", accept);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static AgentReport report() {
        return new AgentReport(
                "h1",
                "127.0.0.1",
                "http://127.0.0.1:1",
                System.currentTimeMillis(),
                0,
                List.of(new InstanceStatus(
                        "web-1",
                        "web",
                        1,
                        "h1",
                        "127.0.0.1",
                        9000,
                        1,
                        InstanceState.READY,
                        0,
                        0,
                        null,
                        3.5,
                        50_000_000)),
                1.5,
                1 << 20,
                1 << 30);
    }
}
