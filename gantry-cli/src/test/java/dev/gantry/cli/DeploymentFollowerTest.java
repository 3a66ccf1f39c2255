package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.Json;
import dev.gantry.api.client.ControlPlaneClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DeploymentFollowerTest {
    @Test
    void follow_long_polls_from_the_next_line_and_prints_each_line_once_until_the_end() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        Deque<Deployment> answers = new ArrayDeque<>(List.of(
                new Deployment("d1", "web", 2, DeploymentState.ROLLING_OUT, "", List.of("building"), 1),
                new Deployment("d1", "web", 2, DeploymentState.ROLLING_OUT, "", List.of("starting", "ready"), 3),
                new Deployment("d1", "web", 2, DeploymentState.SUCCEEDED, "live", List.of("succeeded"), 4)));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            asked.add(x.getRequestURI().toString());
            byte[] body = Json.write(answers.pop()).getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        StringWriter out = new StringWriter();
        try (ControlPlaneClient api = ControlPlaneClient.builder(
                        "http://127.0.0.1:" + server.getAddress().getPort())
                .token("t")
                .build()) {
            int exit =
                    DeploymentFollower.follow(api, new DeploymentAccepted("d1", "web", 2), new PrintWriter(out, true));

            assertThat(exit).isZero();
        } finally {
            server.stop(0);
        }
        assertThat(asked)
                .containsExactly(
                        "/api/v1/deployments/d1?from=0&wait=20s",
                        "/api/v1/deployments/d1?from=1&wait=20s",
                        "/api/v1/deployments/d1?from=3&wait=20s");
        assertThat(out.toString().lines()).containsExactly("  building", "  starting", "  ready", "  succeeded");
    }

    @Test
    void plain_drops_colours_cursor_moves_titles_and_stray_escapes_and_keeps_the_text() {
        assertThat(DeploymentFollower.plain("\u001B[1;32m[INFO]\u001B[m BUILD \u001B[0mSUCCESS\u001B[0m"))
                .isEqualTo("[INFO] BUILD SUCCESS");
        assertThat(DeploymentFollower.plain("\u001B[2K\u001B[1Gprogress 50%")).isEqualTo("progress 50%");
        assertThat(DeploymentFollower.plain("\u001B]0;title\u0007text \u001B]8;;http://x\u001B\\link"))
                .isEqualTo("text link");
        assertThat(DeploymentFollower.plain("a\u001Bb \u001B")).isEqualTo("ab ");
        assertThat(DeploymentFollower.plain("no escapes: [1m stays")).isEqualTo("no escapes: [1m stays");
    }
}
