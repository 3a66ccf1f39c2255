package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.AppSummary;
import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceView;
import dev.gantry.api.Json;
import dev.gantry.api.Problem;
import dev.gantry.api.RouteTable;
import dev.gantry.api.client.Reply;
import dev.gantry.server.web.Endpoint;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Deploy hello with three instances on the embedded platform, then hurt it. One platform for the class. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployTest {
    @TempDir
    static Path tmp;

    static Platform platform;

    @BeforeAll
    static void startPlatformAndDeployHello() throws Exception {
        platform = Platform.start(tmp);
        Deployment result = platform.deploy(AppDir.write(tmp, "hello-v1", AppDir.helloYml(3, "")));
        assertThat(result.state()).as(result.toString()).isEqualTo(DeploymentState.SUCCEEDED);
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @Test
    @Order(1)
    void threeHundredRequestsThroughTheRouterReachAllThreeInstances() throws Exception {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.api
                                .get("/api/v1/routes", RouteTable.class)
                                .routes()
                                .get(0)
                                .backends()
                                .size()
                        == 3);
        HttpClient client = HttpClient.newHttpClient();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            HttpResponse<String> r = client.send(
                    LoadLoop.get(platform.routerPort(), "hello.localhost", "/"), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            seen.add(r.body().strip());
        }
        assertThat(seen).hasSize(3).allMatch(b -> b.startsWith("Hello from hello release 1 instance hello-r1-"));
    }

    @Test
    @Order(2)
    void killMinusNineOfOneInstanceUnderLoadLosesNoRequestAndTheInstanceRejoins() throws Exception {
        String id = platform.instances("hello").get(0).id();
        long pid = platform.pidOf(id);
        LoadLoop load = LoadLoop.start(
                Duration.ofSeconds(180),
                8,
                30,
                40_000,
                () -> LoadLoop.get(platform.routerPort(), "hello.localhost", "/"),
                r -> r.statusCode() == 200);
        load.awaitMorePassed(300);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        load.awaitMorePassed(300);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            InstanceView again = platform.instances("hello").stream()
                    .filter(i -> i.id().equals(id))
                    .findFirst()
                    .orElseThrow();
            assertThat(again.state()).isEqualTo(InstanceState.READY);
            assertThat(again.restarts()).isGreaterThanOrEqualTo(1);
        });
        assertThat(platform.pidOf(id)).isNotEqualTo(pid);
        load.awaitMorePassed(100);
        load.close();
        assertThat(load.failures()).isEmpty();
        assertThat(load.failed()).isZero();
    }

    @Test
    @Order(3)
    void aHealthPathThatNeverAnswersFailsTheDeployAndTheOldInstancesKeepServing() throws Exception {
        Deployment result = platform.deploy(
                AppDir.write(tmp, "hello-never-ready", AppDir.helloYml(3, "health: /never\nhealth_timeout: 6s\n")));
        assertThat(result.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(result.message()).contains("did not become ready within 6s", "previous instances keep serving");
        assertThat(platform.instances("hello")).hasSize(3).allMatch(i -> i.release() == 1);
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        LoadLoop.get(platform.routerPort(), "hello.localhost", "/"),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).startsWith("Hello from hello release 1");
    }

    @Test
    @Order(4)
    void aRunCommandThatExitsAtOnceIsReportedAsACrashLoopAndFailsTheDeploy() throws Exception {
        Deployment result = platform.deploy(AppDir.write(
                tmp, "crasher", "name: crasher\nrun: echo starting; exit 3\ninstances: 1\nhealth_timeout: 40s\n"));
        assertThat(result.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(result.message()).contains("CRASH_LOOP").contains("3");
        assertThat(platform.instances("crasher")).isEmpty();
    }

    @Test
    @Order(5)
    void aNewReleaseRollsOutAndRollbackReturnsToThePreviousOneWithoutARebuild() throws Exception {
        Deployment v2 = platform.deploy(AppDir.write(tmp, "hello-v2", AppDir.helloYml(3, "env: { GREETING: v2 }\n")));
        assertThat(v2.state()).as(v2.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        int v2Number = v2.release();
        assertThat(platform.instances("hello")).hasSize(3).allMatch(i -> i.release() == v2Number);
        Deployment back = platform.api.awaitDeployment(platform.api.post("/api/v1/apps/hello/rollback"));
        assertThat(back.state()).as(back.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(back.release()).isEqualTo(1);
        assertThat(platform.api.get("/api/v1/apps/hello", AppSummary.class).release())
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(HttpClient.newHttpClient()
                                .send(
                                        LoadLoop.get(platform.routerPort(), "hello.localhost", "/"),
                                        HttpResponse.BodyHandlers.ofString())
                                .body())
                        .startsWith("Hello from hello release 1"));
    }

    @Test
    @Order(6)
    void scalingChangesTheNumberOfReadyInstances() {
        Deployment result = platform.api.awaitDeployment(platform.api.post("/api/v1/apps/hello/scale?instances=2"));
        assertThat(result.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(platform.instances("hello")).hasSize(2);
        assertThat(platform.api
                        .raw("POST", "/api/v1/apps/hello/scale?instances=-1")
                        .status())
                .isEqualTo(400);
        Reply many = platform.api.raw("POST", "/api/v1/apps/hello/scale?instances=many");
        assertThat(many.header("Content-Type")).contains("application/problem+json");
        Problem problem = many.json(Problem.class);
        assertThat(problem.detail()).isEqualTo("instances: must be a whole number, was many");
        assertThat(problem.field()).isEqualTo("instances");
        assertThat(problem.type()).isEqualTo("urn:gantry:problem:bad-request");
    }

    /** GET /api/v1/session's body, with the cookie of a login by the admin token. */
    private String loggedIn() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String api = platform.gantry.server().apiUrl();
        var login = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(api + "/api/v1/session"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"token\":\"" + platform.gantry.server().token() + "\"}"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        var session = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(api + "/api/v1/session"))
                        .header("Cookie", cookie)
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        return session.body();
    }

    /** The contract on a live platform: every JSON answer of every GET route reads strictly as the record described. */
    @Test
    @Order(7)
    void everyGetRouteOfTheRunningPlatformAnswersExactlyItsRecord() throws Exception {
        DeploymentAccepted scaled = platform.api.post("/api/v1/apps/hello/scale?instances=2");
        platform.api.awaitDeployment(scaled);
        String deployment = scaled.deployment();
        assertThat(platform.api
                        .raw(
                                "PUT",
                                "/api/v1/flags/contract",
                                "{\"key\":\"contract\",\"type\":\"boolean\","
                                        + "\"variants\":{\"on\":true,\"off\":false},\"environments\":{\"production\":{\"enabled\":true,"
                                        + "\"defaultVariant\":\"on\"}},\"reason\":\"contract test\"}")
                        .status())
                .isEqualTo(201);
        assertThat(platform.api
                        .raw(
                                "PUT",
                                "/api/v1/segments/contract",
                                "{\"key\":\"contract\",\"included\":[\"u1\"],\"reason\":\"contract test\"}")
                        .status())
                .isEqualTo(201);
        Map<String, String> params =
                Map.of("{app}", "hello", "{host}", "local", "{id}", deployment, "{key}", "contract");
        List<String> read = new ArrayList<>();
        for (Endpoint e : platform.gantry.server().endpoints()) {
            var json = e.response(200, "application/json").filter(c -> c.type() != null);
            if (!e.method().equals("GET") || json.isEmpty()) continue;
            String path = e.path();
            for (var p : params.entrySet()) path = path.replace(p.getKey(), p.getValue());
            if (path.equals("/api/v1/series")) path += "?app=hello&metric=cpu"; // it needs a subject and a metric
            Reply r = platform.api.raw("GET", path);
            if (e.path().equals("/api/v1/apps/{app}/canary")) { // hello never had a canary: its record is read in
                assertThat(r.status()).as("GET " + path + ": " + r).isEqualTo(404); // CanaryJudgeTest
                continue;
            }
            if (e.path().equals("/api/v1/session")) { // a bearer has no session: the record is read after a login
                assertThat(r.status()).as("GET " + path + ": " + r).isEqualTo(401);
                Json.strict().readValue(loggedIn(), json.get().type());
                read.add(e.path());
                continue;
            }
            assertThat(r.status()).as("GET " + path + ": " + r).isEqualTo(200);
            Json.strict().readValue(r.body(), json.get().type());
            read.add(e.path());
        }
        assertThat(read)
                .contains(
                        "/api/v1/status",
                        "/api/v1/agents",
                        "/api/v1/instances",
                        "/api/v1/apps/{app}/history",
                        "/api/v1/deployments/{id}",
                        "/api/v1/flags/{key}/history",
                        "/api/v1/series",
                        "/ofrep/v1/configuration");
    }

    /**
     * After deploys, a failed deploy, a crash loop, a rollback and a scale: nothing the control plane, its Redis or
     * the agent wrote is open to another user, except releases an instance's own account must read (as root).
     */
    @Test
    @Order(8)
    void nothingInTheDataDirectoryIsOpenToOtherUsers() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> readable = root ? List.of("agent/releases") : List.of();
        assertThat(OpenFiles.under(platform.dir.resolve("data"), readable))
                .as("paths under the data directory that group or others may use")
                .isEmpty();
    }
}
