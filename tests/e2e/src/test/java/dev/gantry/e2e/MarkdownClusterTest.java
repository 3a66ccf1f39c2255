package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.InstanceView;
import dev.gantry.api.Json;
import dev.gantry.api.RouteTable;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The markdown service deployed through Gantry as a cluster of three: under steady load, two of the
 * three instances are killed one after the other, and every request still gets the right preview.
 */
class MarkdownClusterTest {
    @TempDir
    Path tmp;

    @Test
    void killingTwoOfThreeInstancesUnderLoadCostsNoRequestAndNoWrongAnswer() throws Exception {
        JsonNode survey = Json.mapper().readTree(Files.readString(corpus())).get(0);
        String body =
                Json.write(java.util.Map.of("markdown", survey.path("markdown").asText()));
        String expected = survey.path("html").asText();
        try (Platform platform = Platform.start(tmp)) {
            Deployment deployed = platform.deploy(AppDir.write(
                    tmp,
                    "markdown",
                    "name: markdown\n"
                            + "run: java -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar " + AppDir.markdown()
                            + "\n"
                            + "instances: 3\ngrace: 3s\n"));
            assertThat(deployed.state()).as(deployed.toString()).isEqualTo(DeploymentState.SUCCEEDED);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> platform.api
                                    .get("/api/v1/routes", RouteTable.class)
                                    .routes()
                                    .get(0)
                                    .backends()
                                    .size()
                            == 3);
            int port = platform.routerPort();
            LoadLoop load = LoadLoop.start(
                    Duration.ofSeconds(180),
                    6,
                    30,
                    30_000,
                    () -> HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/design/survey"))
                            .header("Host", "markdown.localhost")
                            .header("Content-Type", "application/json")
                            .header(
                                    "Idempotency-Key",
                                    java.util.UUID.randomUUID().toString())
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    r -> r.statusCode() == 200 && preview(r.body()).equals(expected));
            List<InstanceView> instances = platform.instances("markdown");
            for (int k = 0; k < 2; k++) {
                load.awaitMorePassed(100);
                ProcessHandle.of(platform.pidOf(instances.get(k).id()))
                        .orElseThrow()
                        .destroyForcibly();
            }
            load.awaitMorePassed(300);
            load.close();
            assertThat(load.failures()).isEmpty();
        }
    }

    private static String preview(String json) {
        try {
            return Json.mapper().readTree(json).path("preview").asText();
        } catch (Exception e) {
            return "not JSON: " + json;
        }
    }

    private static Path corpus() {
        String shared = System.getenv("GANTRY_SHARED");
        Path base = shared != null
                ? Path.of(shared)
                : AppDir.root().resolve("../shared").normalize();
        return base.resolve("marqdown/cases.json");
    }
}
