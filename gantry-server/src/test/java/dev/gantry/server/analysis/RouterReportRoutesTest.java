package dev.gantry.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Json;
import dev.gantry.api.Problem;
import dev.gantry.api.RouterReport;
import dev.gantry.api.TokenCreated;
import dev.gantry.api.canary.Arm;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.api.client.Reply;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report endpoint on a real control plane (port 0, its embedded Redis). */
class RouterReportRoutesTest {
    private static final String PATH = "/api/v1/routers/edge-1/report";

    @TempDir
    static Path dir;

    static GantryServer server;
    static ControlPlaneClient admin;
    static ControlPlaneClient router;

    @BeforeAll
    static void start() throws Exception {
        server = GantryServer.start(ServerConfig.of(dir.resolve("data"), 0), List.of());
        admin = client(server.token());
        router = client(create("edge-1", "router").token());
    }

    @AfterAll
    static void stop() {
        router.close();
        admin.close();
        server.close();
    }

    /**
     * Only releases in the route table count (TrafficTest adds reports up): a router credential naming made-up
     * apps made the server keep a 15-minute series for each, 5,000 a report.
     */
    @Test
    void aReportForAReleaseNoRouteServesIsAcceptedAndIgnored() throws Exception {
        long before = System.currentTimeMillis() - 1000;
        RouterReport report = new RouterReport(
                "edge-1",
                before,
                before + 1000,
                List.of(new RouterReport.Sample(
                        "shop", 3, "shop-3a", 40, 2, 1, TrafficTest.micros(12_000, 37), false)));
        Reply r = router.exchange("POST", PATH, Json.write(report), "application/json");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        assertThat(server.traffic().arm("shop", 3, before, System.currentTimeMillis() + 1000))
                .isEqualTo(new Arm(0, 0));
        assertThat(server.traffic().series()).isZero();
    }

    @Test
    void onlyRoutersAndAdminsMayReport() throws Exception {
        String body = Json.write(new RouterReport("edge-1", 0, 1000, List.of()));
        for (String role : List.of("viewer", "deployer", "metrics")) {
            try (ControlPlaneClient other = client(create(role + "-x", role).token())) {
                Reply r = other.exchange("POST", PATH, body, "application/json");
                assertThat(r.status()).as(role).isEqualTo(403);
                assertThat(r.json(Problem.class).detail()).contains("needs the role admin or router");
            }
        }
        assertThat(admin.exchange("POST", PATH, body, "application/json").status())
                .isEqualTo(204);
        assertThat(ControlPlaneClient.builder(server.apiUrl())
                        .retryFor(Duration.ZERO)
                        .build()
                        .exchange("POST", PATH, body, "application/json")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void badReportsAre400NamingTheField() throws Exception {
        String ok =
                "{\"app\":\"web\",\"release\":2,\"instance\":\"i\",\"requests\":5,\"errors\":1,\"connectFailures\":1}";
        assertBad("{\"router\":\"edge-2\",\"from\":0,\"to\":1,\"samples\":[]}", "router");
        assertBad("{\"router\":\"edge-1\",\"from\":5,\"to\":1,\"samples\":[]}", "to");
        assertBad(reportOf(ok, "{\"app\":\"\",\"release\":2,\"instance\":\"i\"}"), "samples[1].app");
        assertBad(reportOf("{\"app\":\"web\",\"release\":0,\"instance\":\"i\"}"), "samples[0].release");
        assertBad(reportOf("{\"app\":\"web\",\"release\":1}"), "samples[0].instance");
        assertBad(
                reportOf("{\"app\":\"web\",\"release\":1,\"instance\":\"i\",\"requests\":-1}"), "samples[0].requests");
        assertBad(
                reportOf(
                        "{\"app\":\"web\",\"release\":1,\"instance\":\"i\",\"requests\":2,\"errors\":2,\"connectFailures\":1}"),
                "samples[0].errors");
        assertBad(
                reportOf(
                        ok,
                        "{\"app\":\"web\",\"release\":1,\"instance\":\"i\",\"requests\":2,\"latency\":\"bm90IGEgaGlzdG9ncmFt\"}"),
                "samples[1].latency");
        assertBad(reportOf(String.join(",", Collections.nCopies(RouterReportRoutes.MAX_SAMPLES + 1, ok))), "samples");
        assertBad("{\"router\":\"edge-1\",\"samples\":[{\"app\":\"web\",\"release\":\"two\"}]}", null);
        assertThat(router.exchange("POST", "/api/v1/routers/..x/report", "{}", "application/json")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aBodyOverFourMebibytesIs413() throws Exception {
        String huge = "{\"router\":\"edge-1\",\"samples\":[],\"pad\":\"" + "x".repeat(RouterReportRoutes.MAX_BODY_BYTES)
                + "\"}";
        assertThat(router.exchange("POST", PATH, huge, "application/json").status())
                .isEqualTo(413);
    }

    private static String reportOf(String... samples) {
        return "{\"router\":\"edge-1\",\"from\":0,\"to\":1000,\"samples\":[" + String.join(",", samples) + "]}";
    }

    private static void assertBad(String body, String field) throws Exception {
        Reply r = router.exchange("POST", PATH, body, "application/json");
        assertThat(r.status())
                .as(body.length() > 300 ? body.substring(0, 300) : body)
                .isEqualTo(400);
        if (field != null)
            assertThat(r.json(Problem.class).field()).as(r.body()).isEqualTo(field);
    }

    private static TokenCreated create(String name, String role) throws Exception {
        Reply r = admin.exchange(
                "POST", "/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}", "application/json");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json(TokenCreated.class);
    }

    private static ControlPlaneClient client(String token) {
        return ControlPlaneClient.builder(server.apiUrl())
                .token(token)
                .retryFor(Duration.ZERO)
                .build();
    }
}
