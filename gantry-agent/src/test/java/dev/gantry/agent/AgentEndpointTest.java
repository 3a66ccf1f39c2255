package dev.gantry.agent;

import static dev.gantry.agent.AgentHarness.HOST;
import static dev.gantry.agent.AgentHarness.PATIENCE;
import static dev.gantry.agent.AgentHarness.TOKEN;
import static dev.gantry.agent.AgentHarness.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.AgentEndpointKey;
import dev.gantry.api.InstanceSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentEndpointTest {
    @TempDir
    Path tempDir;

    AgentHarness harness;
    Agent agent;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startAgentWithAChattyInstance() {
        harness = new AgentHarness(tempDir);
        harness.controlPlane.desire(
                HOST,
                new InstanceSpec(
                        "chatty", "testapp", 1, "echo line-one; echo line-two; exec sleep 600", "/health", null, 1));
        agent = harness.start();
        await().atMost(PATIENCE)
                .until(() -> status(agent, "chatty").map(s -> s.pid() > 0).orElse(false)
                        && Files.readString(logFile()).contains("line-two\n")
                        && Files.readString(logFile()).contains("[gantry] started"));
    }

    @AfterEach
    void tearDown() {
        harness.cleanUp();
        http.close();
    }

    @Test
    void logsAreServedFromAnOffsetWithTheNextOffsetInAHeader() throws Exception {
        String log = Files.readString(logFile());
        String end = Integer.toString(log.length());
        HttpResponse<String> all = get("/logs/chatty?offset=0", TOKEN);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).isEqualTo(log).contains("line-one\nline-two\n");
        assertThat(all.headers().firstValue("X-Log-Offset")).hasValue(end);

        int lineTwo = log.indexOf("line-two");
        HttpResponse<String> rest = get("/logs/chatty?offset=" + lineTwo, TOKEN);
        assertThat(rest.body()).isEqualTo(log.substring(lineTwo));
        assertThat(rest.headers().firstValue("X-Log-Offset")).hasValue(end);

        HttpResponse<String> none = get("/logs/chatty?offset=" + end, TOKEN);
        assertThat(none.body()).isEmpty();
        assertThat(none.headers().firstValue("X-Log-Offset")).hasValue(end);
    }

    @Test
    void withoutAnOffsetTheTailOfTheLogIsServed() throws Exception {
        Files.writeString(logFile(), "x".repeat(100_000) + "\n", java.nio.file.StandardOpenOption.APPEND);
        long size = Files.size(logFile());

        HttpResponse<String> tail = get("/logs/chatty", TOKEN);

        assertThat(tail.body()).hasSize(AgentEndpoint.DEFAULT_TAIL);
        assertThat(tail.headers().firstValue("X-Log-Offset")).hasValue(Long.toString(size));
    }

    @Test
    void aBadOffsetIsABadRequestNamingTheValue() throws Exception {
        HttpResponse<String> response = get("/logs/chatty?offset=abc", TOKEN);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("offset", "abc");
    }

    @Test
    void requestsWithoutTheTokenAreUnauthorizedButHealthIsOpen() throws Exception {
        assertThat(get("/logs/chatty", null).statusCode()).isEqualTo(401);
        assertThat(get("/logs/chatty", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theKeyDerivedFromTheAgentsCredentialIsAcceptedAsTheControlPlaneSendsIt() throws Exception {
        assertThat(get("/logs/chatty", AgentEndpointKey.forSecret(TOKEN)).statusCode())
                .isEqualTo(200);
        assertThat(get("/logs/chatty", AgentEndpointKey.forSecret("another")).statusCode())
                .isEqualTo(401);
    }

    @Test
    void anUnknownInstanceIsNotFoundByName() throws Exception {
        HttpResponse<String> response = get("/logs/nobody", TOKEN);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("unknown instance: nobody");
    }

    @Test
    void aControlPlaneMetricsCredentialScrapesInstancesByStateAndHealthProbesInBothFormats() throws Exception {
        await().atMost(PATIENCE)
                .until(() -> sample(
                                get("/metrics", FakeControlPlane.METRICS_TOKEN).body(),
                                "gantry_agent_health_probes_total{outcome=\"unhealthy\"}")
                        > 0);
        HttpResponse<String> text = get("/metrics", FakeControlPlane.METRICS_TOKEN);
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("Content-Type")).hasValue(AgentMetrics.TEXT);
        String state = status(agent, "chatty").orElseThrow().state().name();
        assertThat(sample(text.body(), "gantry_agent_instances{state=\"" + state + "\"}"))
                .isEqualTo(1);
        assertThat(sample(
                        text.body(),
                        "gantry_agent_instance_restarts_total{app=\"testapp\",release=\"1\"," + "instance=\"chatty\"}"))
                .isZero();
        assertThat(text.body())
                .contains(
                        "# TYPE gantry_agent_instance_restarts_total counter", "gantry_agent_host_memory_total_bytes ");

        HttpResponse<String> open = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + "/metrics"))
                        .header("Authorization", "Bearer " + FakeControlPlane.METRICS_TOKEN)
                        .header("Accept", "application/openmetrics-text; version=1.0.0")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(open.headers().firstValue("Content-Type")).hasValue(AgentMetrics.OPENMETRICS);
        assertThat(open.body())
                .contains("# TYPE gantry_agent_instance_restarts counter")
                .endsWith("# EOF\n");

        assertThat(get("/metrics", "not-a-credential").statusCode()).isEqualTo(401);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get("/logs/chatty", FakeControlPlane.METRICS_TOKEN).statusCode())
                .isEqualTo(401);
    }

    private static double sample(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1));
        }
        return -1;
    }

    private Path logFile() {
        return harness.dataDir.resolve("logs/testapp/chatty.log");
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
