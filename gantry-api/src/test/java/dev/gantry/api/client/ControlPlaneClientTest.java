package dev.gantry.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.AppSummary;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.Json;
import dev.gantry.api.ProblemType;
import dev.gantry.api.client.ScriptedServer.Answer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlPlaneClientTest {
    private static final String APP =
            "{\"name\":\"web\",\"release\":3,\"instances\":2,\"ready\":2,\"host\":\"web.localhost\",\"path\":\"/\"}";

    @TempDir
    Path tmp;

    ScriptedServer server;
    ControlPlaneClient client;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedServer();
        client = ControlPlaneClient.builder(server.url() + "//")
                .token("secret")
                .retryFor(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aGetCarriesTheBearerCredentialAndDecodesTheRecord() throws Exception {
        server.enqueue(Answer.json(200, "[" + APP + "]"));

        List<AppSummary> apps = client.getList("/api/v1/apps", AppSummary.class);

        assertThat(apps).containsExactly(new AppSummary("web", 3, 2, 2, "web.localhost", "/"));
        ScriptedServer.Recorded r = server.take();
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.uri()).isEqualTo("/api/v1/apps");
        assertThat(r.headers())
                .containsEntry("Authorization", "Bearer secret")
                .containsEntry("Accept", "application/json");
    }

    @Test
    void theCredentialIsAskedForOnEveryRequest() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        ControlPlaneClient rereading = client.newBuilder()
                .credential(() -> "token-" + reads.incrementAndGet())
                .build();
        server.enqueue(Answer.json(200, APP)).enqueue(Answer.json(200, APP));

        rereading.get("/api/v1/apps/web", AppSummary.class);
        rereading.get("/api/v1/apps/web", AppSummary.class);

        assertThat(server.take().headers()).containsEntry("Authorization", "Bearer token-1");
        assertThat(server.take().headers()).containsEntry("Authorization", "Bearer token-2");
    }

    @Test
    void aPostSendsItsBodyAsJsonWithTheBuildersHeaders() throws Exception {
        ControlPlaneClient tagged =
                client.newBuilder().header("X-Request-Id", "r-1").build();
        server.enqueue(Answer.json(202, "{\"deployment\":\"d1\",\"app\":\"web\",\"release\":4}"));

        DeploymentAccepted accepted =
                tagged.post("/api/v1/apps/web/rollback", Map.of("reason", "r"), DeploymentAccepted.class);

        assertThat(accepted).isEqualTo(new DeploymentAccepted("d1", "web", 4));
        ScriptedServer.Recorded r = server.take();
        assertThat(r.headers())
                .containsEntry("Content-Type", "application/json")
                .containsEntry("X-Request-Id", "r-1");
        assertThat(r.text()).isEqualTo("{\"reason\":\"r\"}");
    }

    @Test
    void anErrorStatusBecomesATypedExceptionCarryingTheProblem() {
        server.enqueue(
                Answer.problem(
                        400,
                        "{\"type\":\"urn:gantry:problem:invalid-spec\",\"title\":\"Invalid gantry.yml\","
                                + "\"status\":400,\"detail\":\"invalid gantry.yml\",\"field\":\"instances\",\"problems\":[\"instances: must be >= 1 (gantry.yml line 3)\"]}"));

        assertThatThrownBy(() -> client.get("/api/v1/apps/web", AppSummary.class))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo(ProblemType.INVALID_SPEC);
                    assertThat(e.problem().field()).isEqualTo("instances");
                    assertThat(e.problem().problems()).containsExactly("instances: must be >= 1 (gantry.yml line 3)");
                    assertThat(e.getMessage())
                            .isEqualTo("GET " + server.url() + "/api/v1/apps/web: 400 invalid gantry.yml");
                });
    }

    @Test
    void anErrorWithoutAProblemBodyGetsOneFromItsStatusAndText() {
        server.enqueue(
                new Answer(404, Map.of("Content-Type", "text/plain"), "no such page".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> client.get("/elsewhere", AppSummary.class))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND);
                    assertThat(e.problem().detail()).isEqualTo("HTTP 404: no such page");
                });
    }

    @Test
    void anIdempotentCallIsRetriedOnUnavailableAsRetryAfterAsks() throws Exception {
        server.enqueue(new Answer(503, Map.of("Retry-After", "0"), new byte[0]))
                .enqueue(new Answer(502, Map.of(), new byte[0]))
                .enqueue(Answer.json(200, APP));

        assertThat(client.get("/api/v1/apps/web", AppSummary.class).name()).isEqualTo("web");
        assertThat(server.received()).isEqualTo(3);
    }

    @Test
    void aPostIsMadeOnceEvenWhenUnavailable() throws Exception {
        server.enqueue(
                        Answer.problem(
                                503,
                                "{\"type\":\"urn:gantry:problem:store-unavailable\",\"title\":\"t\",\"status\":503,\"detail\":\"the store (Redis) is unavailable\"}"))
                .enqueue(Answer.json(202, "{}"));

        assertThatThrownBy(() -> client.post("/api/v1/apps/web/stop", null, DeploymentAccepted.class))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.STORE_UNAVAILABLE));
        server.take();
        assertThat(server.received()).isZero();
    }

    @Test
    void retriesEndAtTheDeadlineWithTheLastAnswer() {
        ControlPlaneClient brief =
                client.newBuilder().retryFor(Duration.ofMillis(300)).build();
        for (int i = 0; i < 20; i++) server.enqueue(new Answer(503, Map.of(), new byte[0]));

        assertThatThrownBy(() -> brief.get("/api/v1/status", AppSummary.class))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(503));
        assertThat(server.received()).isBetween(2, 6);
    }

    @Test
    void aControlPlaneThatIsNotThereIsUnreachableAfterTheRetries() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ControlPlaneClient nowhere = ControlPlaneClient.builder("http://127.0.0.1:" + port)
                .retryFor(Duration.ofMillis(300))
                .build();

        assertThatThrownBy(() -> nowhere.get("/api/v1/apps", AppSummary.class))
                .isInstanceOfSatisfying(
                        UnreachableException.class,
                        e -> assertThat(e.baseUrl()).hasToString("http://127.0.0.1:" + port))
                .isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("GET http://127.0.0.1:" + port + "/api/v1/apps: cannot connect");
    }

    @Test
    void aFileIsUploadedAndDownloadedStreamed() throws Exception {
        Path file = Files.write(tmp.resolve("app.tar.gz"), new byte[] {1, 2, 3, 4});
        server.enqueue(Answer.json(202, "{\"deployment\":\"d2\",\"app\":\"web\",\"release\":5}"))
                .enqueue(new Answer(200, Map.of("Content-Type", "application/gzip"), new byte[] {9, 8, 7}));

        assertThat(client.upload("/api/v1/deploys", file, "application/gzip", DeploymentAccepted.class)
                        .release())
                .isEqualTo(5);
        Path target = tmp.resolve("artifact.tar.gz");
        client.download("/api/v1/apps/web/releases/5/artifact", target);

        ScriptedServer.Recorded upload = server.take();
        assertThat(upload.headers()).containsEntry("Content-Type", "application/gzip");
        assertThat(upload.body()).containsExactly(1, 2, 3, 4);
        assertThat(Files.readAllBytes(target)).containsExactly(9, 8, 7);
    }

    @Test
    void exchangeReturnsAnyStatusWithItsBodyAndHeaders() throws Exception {
        server.enqueue(new Answer(
                401, Map.of("Content-Type", "application/problem+json", "X-Log-Offset", "12"), "{}".getBytes()));

        Reply reply = client.exchange("GET", "/api/v1/apps", null, null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("X-Log-Offset")).contains("12");
        assertThat(reply.body()).isEqualTo("{}");
    }

    @Test
    void theStrictMapperMakesAnUnknownFieldAFailure() {
        ControlPlaneClient strict = client.newBuilder().mapper(Json.strict()).build();
        server.enqueue(Answer.json(200, APP.replace("}", ",\"colour\":\"red\"}")));

        assertThatThrownBy(() -> strict.get("/api/v1/apps/web", AppSummary.class))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the answer is not a dev.gantry.api.AppSummary")
                .hasMessageContaining("colour");
    }

    @Test
    void settingsAreCheckedAsTheyAreSet() {
        assertThatThrownBy(() -> ControlPlaneClient.builder("ftp://host"))
                .hasMessage("baseUrl: must be an absolute http(s) URL, was ftp://host");
        assertThatThrownBy(() -> client.newBuilder().requestTimeout(Duration.ZERO))
                .hasMessage("requestTimeout: must be > 0, was PT0S");
        assertThatThrownBy(() -> client.newBuilder().retryFor(Duration.ofSeconds(-1)))
                .hasMessage("retryFor: must be >= 0, was PT-1S");
        assertThatThrownBy(() -> client.get("api/v1/apps", AppSummary.class))
                .hasMessage("path: must start with /, was api/v1/apps");
    }

    @Test
    void backoffGrowsAndStaysBounded() {
        assertThat(ControlPlaneClient.backoff(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(ControlPlaneClient.backoff(3)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
        assertThat(ControlPlaneClient.backoff(40)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
}
