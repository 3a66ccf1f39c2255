package dev.gantry.agent;

import static dev.gantry.agent.AgentHarness.HOST;
import static dev.gantry.agent.AgentHarness.RUN_TEST_APP;
import static dev.gantry.agent.AgentHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.api.DesiredState;
import dev.gantry.api.InstanceSpec;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.Json;
import dev.gantry.api.archive.Digest;
import dev.gantry.api.archive.TarGz;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real agent over HTTP against a control plane whose artifact is not the one the desired state names. */
class ArtifactDigestTest {
    @TempDir
    Path tempDir;

    AgentHarness harness;
    HttpServer server;
    byte[] artifact;
    final AtomicReference<DesiredState> desired = new AtomicReference<>();
    final AtomicInteger downloads = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        harness = new AgentHarness(tempDir);
        Path packed = tempDir.resolve("testapp.tar.gz");
        TarGz.pack(AgentHarness.testAppDir(), packed);
        artifact = Files.readAllBytes(packed);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void tearDown() {
        harness.cleanUp();
        server.stop(0);
    }

    @Test
    void anArtifactWhoseDigestDoesNotMatchFailsTheInstanceAndIsNeverUnpacked() {
        String wrong = Digest.sha256("some other artifact".getBytes(StandardCharsets.UTF_8));
        desire(1, instance("tampered", wrong));
        Agent agent = harness.start(harness.config().build(), controlPlane());

        InstanceStatus failed = awaitState(agent, "tampered", InstanceState.FAILED);

        assertThat(failed.message())
                .isEqualTo("fetching release 1 of testapp failed: artifact of release 1 of testapp: digest mismatch:"
                        + " expected " + wrong + ", got " + Digest.sha256(artifact));
        assertThat(downloads.get()).isPositive();
        assertThat(harness.dataDir.resolve("releases/testapp/1")).doesNotExist();
        assertThat(harness.dataDir.resolve("releases/testapp")).isEmptyDirectory();
    }

    @Test
    void anArtifactMatchingItsDigestRuns() {
        desire(1, instance("genuine", Digest.sha256(artifact)));
        Agent agent = harness.start(harness.config().build(), controlPlane());

        awaitState(agent, "genuine", InstanceState.READY);

        assertThat(harness.dataDir.resolve("releases/testapp/1/TestApp.java")).isRegularFile();
    }

    private static InstanceSpec instance(String id, String digest) {
        return new InstanceSpec(id, "testapp", 1, RUN_TEST_APP, "/health", Map.of(), 2, null, null, digest);
    }

    private void desire(long version, InstanceSpec... instances) {
        desired.set(new DesiredState(HOST, version, List.of(instances)));
    }

    private HttpControlPlane controlPlane() {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        return new HttpControlPlane(
                HttpControlPlane.clientFor(url, () -> AgentHarness.TOKEN).build());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/v1/agents/" + HOST + "/desired")) {
                respond(exchange, "application/json", Json.mapper().writeValueAsBytes(desired.get()));
            } else if (path.equals("/api/v1/agents/" + HOST + "/report")) {
                exchange.sendResponseHeaders(204, -1);
            } else if (path.equals("/api/v1/apps/testapp/releases/1/artifact")) {
                downloads.incrementAndGet();
                respond(exchange, "application/gzip", artifact);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void respond(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }
}
