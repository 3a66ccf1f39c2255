package dev.gantry.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.api.AgentReport;
import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.Json;
import dev.gantry.api.Problem;
import dev.gantry.api.ProblemType;
import dev.gantry.api.archive.TarGz;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.api.client.Reply;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.flags.FlagsFeature;
import dev.gantry.server.flags.RawSseClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI description against the real control plane (port 0, its embedded Redis, the flags
 * feature): it names every route Javalin registered and no other, and every route, called for real,
 * answers with a status the description lists and a body that reads strictly as the record it names.
 */
class OpenApiTest {
    private static final String FLAG = """
      {"key":"%s","type":"boolean","variants":{"on":true,"off":false},
       "environments":{"production":{"enabled":true,"defaultVariant":"off"}},"reason":"%s"}""";
    private static final String SEGMENT = "{\"key\":\"%s\",\"included\":[\"u1\"],\"reason\":\"r\"}";

    @TempDir
    static Path dir;

    static GantryServer server;
    static ControlPlaneClient admin;
    static String deployment;
    static Path upload;

    @BeforeAll
    static void startWithAnAgentAFlagASegmentAndARelease() throws Exception {
        server = GantryServer.start(ServerConfig.of(dir.resolve("data"), 0), List.of(FlagsFeature::new));
        admin = ControlPlaneClient.builder(server.apiUrl())
                .token(server.token())
                .mapper(Json.strict())
                .retryFor(Duration.ZERO)
                .build();
        admin.post("/api/v1/agents/h1/report", report(), Void.class);
        for (String key : List.of("banner", "doomed"))
            admin.exchange("PUT", "/api/v1/flags/" + key, FLAG.formatted(key, "setup"), "application/json");
        for (String key : List.of("beta", "old"))
            admin.exchange("PUT", "/api/v1/segments/" + key, SEGMENT.formatted(key), "application/json");
        admin.exchange("POST", "/api/v1/sdk-keys", "{\"name\":\"web\",\"env\":\"production\"}", "application/json");
        upload = pack(Files.createDirectories(dir.resolve("tiny")));
        DeploymentAccepted accepted =
                admin.upload("/api/v1/deploys?source=test", upload, "application/gzip", DeploymentAccepted.class);
        deployment = accepted.deployment();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.get("/api/v1/deployments/" + deployment, Deployment.class)
                        .state()
                        .done());
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    @Test
    void theDescriptionNamesEveryRegisteredRouteAndNoOther() throws Exception {
        Reply reply = admin.newBuilder().token(null).build().exchange("GET", OpenApi.PATH, null, null);
        assertThat(reply.status()).as("served without a credential").isEqualTo(200);
        JsonNode doc = Json.mapper().readTree(reply.body());
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");

        TreeSet<String> described = new TreeSet<>();
        doc.path("paths")
                .properties()
                .forEach(p -> p.getValue()
                        .fieldNames()
                        .forEachRemaining(m -> described.add(m.toUpperCase() + " " + p.getKey())));
        assertThat(described).isEqualTo(new TreeSet<>(server.registeredRoutes()));
        assertThat(server.registeredRoutes())
                .contains("GET /api/v1/apps/{app}", "GET /api/v1/flags/stream", "POST /ofrep/v1/evaluate/flags");
    }

    @Test
    void theDescriptionNamesEachRecordWithItsFieldsAndEnums() throws Exception {
        JsonNode doc = Json.mapper()
                .readTree(admin.exchange("GET", OpenApi.PATH, null, null).body());
        JsonNode schemas = doc.path("components").path("schemas");

        assertThat(schemas.path("InstanceView")
                        .path("properties")
                        .path("state")
                        .path("$ref")
                        .asText())
                .isEqualTo("#/components/schemas/InstanceState");
        assertThat(schemas.path("InstanceState").path("enum").toString()).contains("PENDING", "READY", "CRASH_LOOP");
        assertThat(schemas.path("AppSummary").path("required").toString()).contains("release", "ready");
        assertThat(schemas.path("Problem").path("properties").fieldNames())
                .toIterable()
                .containsExactly("type", "title", "status", "detail", "field", "problems");
        JsonNode get = doc.path("paths").path("/api/v1/apps/{app}").path("get");
        assertThat(get.path("responses")
                        .path("200")
                        .path("content")
                        .path("application/json")
                        .path("schema")
                        .path("$ref")
                        .asText())
                .isEqualTo("#/components/schemas/AppSummary");
        assertThat(get.path("responses").path("404").path("content").has("application/problem+json"))
                .isTrue();
        assertThat(get.path("parameters").get(0).path("name").asText()).isEqualTo("app");
    }

    @Test
    void everyRouteAnswersWithADescribedStatusAndABodyThatReadsStrictlyAsItsRecord() throws Exception {
        Map<String, Call> calls = calls();
        List<String> checked = new ArrayList<>();
        for (Endpoint e : server.endpoints()) {
            String route = e.method() + " " + e.path();
            Call call = calls.get(route);
            assertThat(call)
                    .as("a call for " + route + " in OpenApiTest.calls()")
                    .isNotNull();
            if (e.path().equals("/api/v1/flags/stream") || e.path().equals("/api/v1/dashboard/events")) {
                checkStream(e);
            } else {
                Reply r = call.body() instanceof Path file
                        ? admin.exchangeFile(e.method(), call.path(), file, "application/gzip")
                        : admin.exchange(
                                e.method(),
                                call.path(),
                                (String) call.body(),
                                call.body() == null ? null : "application/json");
                checkAnswer(e, r);
            }
            checked.add(route);
        }
        assertThat(checked).hasSameSizeAs(calls.keySet());
    }

    @Test
    void everyRouteButTheOpenOnesRefusesARequestWithoutACredential() throws Exception {
        ControlPlaneClient anonymous = admin.newBuilder().token(null).build();
        for (Endpoint e : server.endpoints()) {
            if (e.path().equals("/api/v1/flags/stream")) continue;
            Reply r = anonymous.exchange(
                    e.method(), calls().get(e.method() + " " + e.path()).path(), null, null);
            if (e.isOpen()) {
                assertThat(r.status()).as(e.method() + " " + e.path()).isNotEqualTo(401);
            } else {
                assertThat(r.status()).as(e.method() + " " + e.path()).isEqualTo(401);
                assertThat(r.json(Problem.class).kind()).isEqualTo(ProblemType.UNAUTHORIZED);
            }
        }
    }

    @Test
    void aRouteThatDoesNotExistAnswersAProblemNamingIt() throws Exception {
        Reply r = admin.exchange("GET", "/api/v1/nothing-here", null, null);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).contains(Problem.MEDIA_TYPE);
        assertThat(r.json(Problem.class))
                .isEqualTo(new Problem(
                        "urn:gantry:problem:not-found",
                        "Not found",
                        404,
                        "no such endpoint: GET /api/v1/nothing-here",
                        null,
                        List.of()));
    }

    private static void checkAnswer(Endpoint e, Reply r) {
        String route = e.method() + " " + e.path();
        assertThat(e.responses()).as(route + " answered " + r).containsKey(r.status());
        String type = r.header("Content-Type").orElse(null);
        Endpoint.Content described = e.response(r.status(), type)
                .or(() -> r.body().isEmpty() ? e.response(r.status(), null) : java.util.Optional.empty())
                .orElseThrow(() -> new AssertionError(route + " answered " + r.status() + " as " + type
                        + ", which the description does not list: " + r));
        if (described.type() == null) return;
        try {
            Json.strict().readValue(r.body(), described.type());
        } catch (Exception ex) {
            throw new AssertionError(
                    route + " answered " + r.status() + " with a body that is not a "
                            + described.type().toCanonical() + ": " + ex.getMessage(),
                    ex);
        }
    }

    private static void checkStream(Endpoint e) throws Exception {
        try (RawSseClient stream = new RawSseClient(server.apiUrl() + e.path(), server.token(), null)) {
            assertThat(e.responses()).containsKey(stream.status());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !stream.events("snapshot").isEmpty());
            Class<?> snapshot =
                    e.response(200, "text/event-stream").orElseThrow().events().get("snapshot");
            Json.strict().readValue(stream.events("snapshot").get(0).data(), snapshot);
        }
    }

    /** A real request for every route: {@code body} is JSON text, a file to upload, or null. */
    private static Map<String, Call> calls() {
        Map<String, Call> c = new LinkedHashMap<>();
        c.put("GET /health", new Call("/health", null));
        c.put("GET /metrics", new Call("/metrics", null));
        c.put("GET /api/v1/routes", new Call("/api/v1/routes", null));
        c.put("GET /api/v1/status", new Call("/api/v1/status", null));
        c.put("GET /api/v1/agents/{host}/desired", new Call("/api/v1/agents/h1/desired", null));
        c.put("POST /api/v1/agents/{host}/report", new Call("/api/v1/agents/h1/report", Json.write(report())));
        c.put("GET /api/v1/agents", new Call("/api/v1/agents", null));
        c.put("GET /api/v1/hosts", new Call("/api/v1/hosts", null));
        c.put(
                "POST /api/v1/routers/{name}/report",
                new Call(
                        "/api/v1/routers/edge-1/report",
                        Json.write(new dev.gantry.api.RouterReport(
                                "edge-1",
                                0,
                                1000,
                                List.of(new dev.gantry.api.RouterReport.Sample(
                                        "tiny", 1, "tiny-1", 3, 1, 0, null, false))))));
        c.put("GET /api/v1/apps", new Call("/api/v1/apps", null));
        c.put("GET /api/v1/alerts", new Call("/api/v1/alerts", null));
        c.put("GET /api/v1/alerts/rules", new Call("/api/v1/alerts/rules", null));
        c.put(
                "PUT /api/v1/alerts/rules",
                new Call(
                        "/api/v1/alerts/rules",
                        "{\"rules\":[{\"name\":\"web-cpu\",\"metric\":\"cpu\",\"scope\":\"instance\","
                                + "\"threshold\":90,\"for\":\"1m\"}]}"));
        c.put(
                "POST /api/v1/alerts/silences",
                new Call("/api/v1/alerts/silences", "{\"app\":\"tiny\",\"for\":\"1h\",\"reason\":\"maintenance\"}"));
        c.put("POST /api/v1/alerts/test", new Call("/api/v1/alerts/test", null));
        c.put("GET /api/v1/apps/{app}", new Call("/api/v1/apps/tiny", null));
        c.put("GET /api/v1/apps/{app}/releases", new Call("/api/v1/apps/tiny/releases", null));
        c.put("GET /api/v1/apps/{app}/history", new Call("/api/v1/apps/tiny/history", null));
        c.put("GET /api/v1/apps/{app}/logs", new Call("/api/v1/apps/tiny/logs", null));
        c.put("GET /api/v1/instances", new Call("/api/v1/instances", null));
        c.put("POST /api/v1/deploys", new Call("/api/v1/deploys?source=test", upload));
        c.put("GET /api/v1/deployments/{id}", new Call("/api/v1/deployments/" + deployment + "?from=0&wait=1s", null));
        c.put("POST /api/v1/deployments/{id}/cancel", new Call("/api/v1/deployments/" + deployment + "/cancel", null));
        c.put("POST /api/v1/apps/{app}/cancel", new Call("/api/v1/apps/tiny/cancel", null));
        c.put("DELETE /api/v1/apps/{app}", new Call("/api/v1/apps/nope", null));
        c.put("POST /api/v1/apps/{app}/rollback", new Call("/api/v1/apps/tiny/rollback", null));
        c.put(
                "POST /api/v1/routers/{name}/report",
                new Call("/api/v1/routers/edge/report", "{\"router\":\"edge\",\"from\":0,\"to\":1000,\"samples\":[]}"));
        c.put("POST /api/v1/apps/{app}/promote", new Call("/api/v1/apps/tiny/promote?full=true", null));
        c.put("POST /api/v1/apps/{app}/abort", new Call("/api/v1/apps/tiny/abort", null));
        c.put("GET /api/v1/apps/{app}/canary", new Call("/api/v1/apps/tiny/canary", null));
        c.put("POST /api/v1/apps/{app}/scale", new Call("/api/v1/apps/tiny/scale?instances=1", null));
        c.put("POST /api/v1/apps/{app}/stop", new Call("/api/v1/apps/tiny/stop", null));
        c.put("GET /api/v1/apps/{app}/releases/{n}/artifact", new Call("/api/v1/apps/tiny/releases/1/artifact", null));
        c.put("POST /api/v1/tokens", new Call("/api/v1/tokens", "{\"name\":\"ci\",\"role\":\"deployer\"}"));
        c.put("GET /api/v1/tokens", new Call("/api/v1/tokens", null));
        c.put("DELETE /api/v1/tokens/{name}", new Call("/api/v1/tokens/ci", null));
        c.put("POST /api/v1/agents/{host}/join", new Call("/api/v1/agents/h2/join", null));
        c.put("GET /api/v1/flags/stream", new Call("/api/v1/flags/stream", null));
        c.put("GET /api/v1/flags", new Call("/api/v1/flags", null));
        c.put("GET /api/v1/flags/{key}", new Call("/api/v1/flags/banner", null));
        c.put("PUT /api/v1/flags/{key}", new Call("/api/v1/flags/banner", FLAG.formatted("banner", "again")));
        c.put(
                "POST /api/v1/flags/{key}/toggle",
                new Call("/api/v1/flags/banner/toggle", "{\"env\":\"production\",\"on\":true,\"reason\":\"r\"}"));
        c.put(
                "POST /api/v1/flags/{key}/rollout",
                new Call(
                        "/api/v1/flags/banner/rollout",
                        "{\"env\":\"production\",\"percentages\":{\"on\":10,\"off\":90},\"reason\":\"r\"}"));
        c.put("DELETE /api/v1/flags/{key}", new Call("/api/v1/flags/doomed?reason=done", null));
        c.put("GET /api/v1/flags/{key}/history", new Call("/api/v1/flags/banner/history", null));
        c.put("GET /api/v1/segments", new Call("/api/v1/segments", null));
        c.put("GET /api/v1/segments/{key}", new Call("/api/v1/segments/beta", null));
        c.put("PUT /api/v1/segments/{key}", new Call("/api/v1/segments/beta", SEGMENT.formatted("beta")));
        c.put("DELETE /api/v1/segments/{key}", new Call("/api/v1/segments/old?reason=done", null));
        c.put("GET /api/v1/segments/{key}/history", new Call("/api/v1/segments/beta/history", null));
        c.put("POST /api/v1/sdk-keys", new Call("/api/v1/sdk-keys", "{\"name\":\"ci\",\"env\":\"staging\"}"));
        c.put("GET /api/v1/sdk-keys", new Call("/api/v1/sdk-keys", null));
        c.put("DELETE /api/v1/sdk-keys/{name}", new Call("/api/v1/sdk-keys/web", null));
        c.put(
                "POST /ofrep/v1/evaluate/flags/{key}",
                new Call("/ofrep/v1/evaluate/flags/banner", "{\"context\":{\"targetingKey\":\"u1\"}}"));
        c.put(
                "POST /ofrep/v1/evaluate/flags",
                new Call("/ofrep/v1/evaluate/flags", "{\"context\":{\"targetingKey\":\"u1\"}}"));
        c.put("GET /ofrep/v1/configuration", new Call("/ofrep/v1/configuration", null));
        c.put(
                "POST /api/v1/canary/judge",
                new Call(
                        "/api/v1/canary/judge",
                        "{\"config\":{\"metrics\":[{\"name\":\"m\",\"groups\":[\"g\"]}]},"
                                + "\"series\":{\"m\":{\"control\":[1,2,3],\"experiment\":[4,5,6]}}}"));
        c.put("GET /api/v1/series", new Call("/api/v1/series?app=tiny&metric=requests&step=1m", null));
        c.put("GET /api/v1/prometheus/targets", new Call("/api/v1/prometheus/targets", null));
        c.put("GET /api/v1/instances/metrics", new Call("/api/v1/instances/metrics?app=tiny", null));
        c.put("GET " + OpenApi.PATH, new Call(OpenApi.PATH, null));
        c.put("GET /", new Call("/", null));
        c.put("GET /index.html", new Call("/index.html", null));
        c.put("GET /dashboard/{file}", new Call("/dashboard/dashboard.js", null));
        c.put("GET /dashboard/vendor/{file}", new Call("/dashboard/vendor/uPlot.min.css", null));
        c.put("POST /api/v1/session", new Call("/api/v1/session", "{\"token\":\"" + server.token() + "\"}"));
        c.put("GET /api/v1/session", new Call("/api/v1/session", null));
        c.put("DELETE /api/v1/session", new Call("/api/v1/session", null));
        c.put("GET /api/v1/dashboard/events", new Call("/api/v1/dashboard/events", null));
        return c;
    }

    private record Call(String path, Object body) {}

    private static AgentReport report() {
        return new AgentReport(
                "h1",
                "127.0.0.1",
                "http://127.0.0.1:1",
                System.currentTimeMillis(),
                0,
                List.of(),
                1.5,
                1 << 20,
                1 << 30);
    }

    /** An app whose instances never become ready: its release builds, its rollout fails after a second. */
    private static Path pack(Path app) throws Exception {
        Files.writeString(app.resolve("gantry.yml"), "name: tiny\nrun: sleep 30\nhealth_timeout: 1s\n");
        Path tar = dir.resolve("tiny.tar.gz");
        TarGz.pack(app, tar);
        return tar;
    }
}
