package dev.gantry.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.api.Json;
import dev.gantry.api.Problem;
import dev.gantry.api.TokenCreated;
import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.KayentaMetricResult;
import dev.gantry.api.canary.KayentaResult;
import dev.gantry.api.canary.SequentialResult;
import dev.gantry.api.canary.Verdict;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.api.client.Reply;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v1/canary/judge} on the real control plane (port 0, its embedded Redis). */
class JudgeRoutesTest {
    static final String CONFIG = """
        {"name":"checkout","judge":{"name":"NetflixACAJudge-v1.0","judgeConfigurations":{}},
         "metrics":[
          {"name":"latency","query":{"type":"prometheus","metricName":"p99"},"groups":["Latency"],
           "analysisConfigurations":{"canary":{"direction":"increase","critical":true}}},
          {"name":"errors","query":{"type":"datadog","metricName":"errors"},"groups":["Errors"],
           "analysisConfigurations":{"canary":{"direction":"increase","nanStrategy":"replace"}}},
          {"name":"cpu","query":{"type":"stackdriver"},"groups":["System"]}],
         "classifier":{"groupWeights":{"Latency":50,"Errors":30,"System":20},"scoreThresholds":{"pass":95,"marginal":75}}}""";

    @TempDir
    static Path dir;

    static GantryServer server;
    static ControlPlaneClient admin;

    @BeforeAll
    static void start() throws Exception {
        server = GantryServer.start(ServerConfig.of(dir.resolve("data"), 0), List.of());
        admin = client(server.token());
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    static String values(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    static String kayenta(String series) {
        return "{\"config\":" + CONFIG + ",\"series\":" + series + "}";
    }

    @Test
    void aKayentaConfigWithItsSeriesIsScoredWithEachMetricsClassification() throws Exception {
        String body = kayenta(
                "{\"latency\":{\"control\":%s,\"experiment\":%s},\"errors\":{\"control\":[0,null,0],\"experiment\":[0,0,null]}}"
                        .formatted(values(1, 20), values(1, 20)));

        Reply r = admin.exchange("POST", "/api/v1/canary/judge", body, "application/json");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        KayentaResult result = Json.strict().readValue(r.body(), KayentaResult.class);
        assertThat(result.metrics())
                .extracting(KayentaMetricResult::name, KayentaMetricResult::classification)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("latency", "Pass"),
                        org.assertj.core.groups.Tuple.tuple("errors", "Pass"),
                        org.assertj.core.groups.Tuple.tuple("cpu", "Nodata"));
        // System has no data and counts 100: 50 + 30 + 20
        assertThat(result.score()).isEqualTo(100.0);
        assertThat(result.result()).isEqualTo("Pass");
    }

    @Test
    void aCriticalMetricThatRoseFailsTheCanary() throws Exception {
        String body =
                kayenta("{\"latency\":{\"control\":%s,\"experiment\":%s}}".formatted(values(1, 20), values(11, 30)));

        KayentaResult result = admin.exchange("POST", "/api/v1/canary/judge", body, "application/json")
                .json(KayentaResult.class);

        assertThat(result.result()).isEqualTo("Fail");
        assertThat(result.score()).isEqualTo(0.0);
        assertThat(result.reason()).startsWith("Canary Failed: critical metric latency was classified as High");
        assertThat(result.metrics().get(0).numbers()).containsKeys("ciLower", "ciUpper", "pValue", "effectSize");
    }

    @Test
    void sequentialWindowsGetADecisionEachAndAReachedDecisionRepeats() throws Exception {
        String window = "{\"baseline\":{\"requests\":1000,\"errors\":1,\"latencyMs\":%s},"
                + "\"canary\":{\"requests\":1000,\"errors\":80,\"latencyMs\":%s}}";
        String one = window.formatted(values(100, 159), values(100, 159));
        String body = "{\"mode\":\"sequential\",\"alpha\":0.01,\"windows\":["
                + String.join(",", java.util.Collections.nCopies(5, one)) + "]}";

        Reply r = admin.exchange("POST", "/api/v1/canary/judge", body, "application/json");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        SequentialResult result = Json.strict().readValue(r.body(), SequentialResult.class);
        assertThat(result.mode()).isEqualTo("sequential");
        assertThat(result.windows()).hasSize(5);
        assertThat(result.windows().get(4).decision()).isEqualTo(Decision.ROLLBACK);
        int first = result.windows().stream().map(Verdict::decision).toList().indexOf(Decision.ROLLBACK);
        assertThat(result.windows().subList(first, 5))
                .allSatisfy(v -> assertThat(v).isEqualTo(result.windows().get(first)));
        assertThat(result.windows().get(first).metrics())
                .anySatisfy(m -> assertThat(m.metric()).isEqualTo("errors"));
    }

    @Test
    void badInputIsAProblemNamingTheField() throws Exception {
        assertProblem(
                kayenta("{\"latancy\":{\"control\":[1],\"experiment\":[2]}}"), "series.latancy: metric not in config");
        assertProblem(
                "{\"config\":" + CONFIG.replace("\"increase\",\"critical\"", "\"sideways\",\"critical\"") + "}",
                "config.metrics[0].analysisConfigurations.canary.direction: must be one of increase, decrease, either, was sideways");
        assertProblem(
                kayenta("{\"cpu\":{\"control\":[1,\"x\"]}}"),
                "series.cpu.control[1]: must be a number, was the string \"x\"");
        assertProblem(
                "{\"mode\":\"sequential\",\"alpha\":0.01,\"windows\":[{\"baseline\":{\"requests\":40,\"errors\":0},"
                        + "\"canary\":{\"requests\":40,\"errors\":50}}]}",
                "windows[0].canary.errors: must be 0..40 (requests), was 50");
        assertProblem("{\"mode\":\"fast\"}", "mode: must be one of kayenta, sequential, was fast");
        assertProblem("[1]", "body: must be a JSON object, was an array");
        assertProblem("{\"config\":", "body: invalid JSON: Unexpected end-of-input within/between Object entries");
    }

    @Test
    void tooManyValuesOrWindowsAreRefused() throws Exception {
        assertProblem(
                kayenta("{\"cpu\":{\"control\":%s}}".formatted(values(1, 10_001))),
                "series.cpu.control: at most 10000 values, was 10001");
        String window = "{\"baseline\":{\"requests\":1},\"canary\":{\"requests\":1}}";
        String windows = String.join(",", java.util.Collections.nCopies(1001, window));
        assertProblem(
                "{\"mode\":\"sequential\",\"alpha\":0.01,\"windows\":[" + windows + "]}",
                "windows: at most 1000 windows, was 1001");
    }

    /**
     * The rank test costs about (n + m) x 150 per metric: 100 metrics of 10,000 values a side (4 MB) took 6.5 s of
     * a core, and 16 MiB holds 400 of them. Every metric's values together are bounded, so one request stays
     * under about a second.
     */
    @Test
    void tooManyValuesOverAllMetricsAreRefusedBeforeAnyIsJudged() throws Exception {
        StringBuilder metrics = new StringBuilder();
        StringBuilder series = new StringBuilder();
        String tenThousand = values(1, 10_000);
        for (int i = 0; i < 12; i++) {
            if (i > 0) {
                metrics.append(',');
                series.append(',');
            }
            metrics.append("{\"name\":\"m%d\",\"query\":{\"type\":\"prometheus\"},\"groups\":[\"g\"]}".formatted(i));
            series.append("\"m%d\":{\"control\":%s,\"experiment\":%s}".formatted(i, tenThousand, tenThousand));
        }
        String config = "{\"name\":\"many\",\"metrics\":[" + metrics
                + "],\"classifier\":{\"groupWeights\":{\"g\":100},\"scoreThresholds\":{\"pass\":95,\"marginal\":75}}}";
        assertProblem(
                "{\"config\":" + config + ",\"series\":{" + series + "}}",
                "series.m5.control: at most 100000 values over all metrics and sides, was 110000 with these");
    }

    @Test
    void aBodyPastTheLimitIs413() throws Exception {
        String big = "{\"config\":{},\"pad\":\"" + "x".repeat(JudgeRoutes.MAX_BYTES) + "\"}";

        Reply r = admin.exchange("POST", "/api/v1/canary/judge", big, "application/json");

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json(Problem.class).detail()).startsWith("body: must be at most 16777216 bytes (16 MiB)");
    }

    @Test
    void readersAndWritersMayJudgeButRouterCredentialsMayNot() throws Exception {
        String body = kayenta("{}");
        for (String role : List.of("viewer", "deployer")) {
            try (ControlPlaneClient c = client(create(role))) {
                assertThat(c.exchange("POST", "/api/v1/canary/judge", body, "application/json")
                                .status())
                        .as(role)
                        .isEqualTo(200);
            }
        }
        try (ControlPlaneClient router = client(create("router"));
                ControlPlaneClient anonymous = client(null)) {
            assertThat(router.exchange("POST", "/api/v1/canary/judge", body, "application/json")
                            .status())
                    .isEqualTo(403);
            assertThat(anonymous
                            .exchange("POST", "/api/v1/canary/judge", body, "application/json")
                            .status())
                    .isEqualTo(401);
        }
    }

    @Test
    void theApiDescriptionOffersBothAnswersAsOneOf() throws Exception {
        JsonNode doc = Json.mapper()
                .readTree(admin.exchange("GET", "/api/v1/openapi.json", null, null)
                        .body());
        JsonNode schema = doc.at("/paths/~1api~1v1~1canary~1judge/post/responses/200/content/application~1json/schema");

        assertThat(schema.path("oneOf").findValuesAsText("$ref"))
                .containsExactly("#/components/schemas/KayentaResult", "#/components/schemas/SequentialResult");
        assertThat(doc.at("/paths/~1api~1v1~1canary~1judge/post/x-gantry-roles").toString())
                .contains("deployer", "viewer")
                .doesNotContain("router", "agent", "join");
    }

    private static void assertProblem(String body, String detail) throws Exception {
        Reply r = admin.exchange("POST", "/api/v1/canary/judge", body, "application/json");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        Problem problem = r.json(Problem.class);
        assertThat(problem.detail()).isEqualTo(detail);
    }

    private static String create(String role) throws Exception {
        String body = "{\"name\":\"judge-" + role + "\",\"role\":\"" + role + "\"}";
        Reply r = admin.exchange("POST", "/api/v1/tokens", body, "application/json");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json(TokenCreated.class).token();
    }

    private static ControlPlaneClient client(String token) {
        return ControlPlaneClient.builder(server.apiUrl())
                .token(token)
                .retryFor(Duration.ZERO)
                .build();
    }
}
