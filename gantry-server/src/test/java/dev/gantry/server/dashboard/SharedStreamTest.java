package dev.gantry.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.store.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two control planes on one Redis: a viewer of one sees what the agents report to the other. */
class SharedStreamTest {
    @TempDir
    Path dir;

    @Test
    void aViewerOfOneControlPlaneSeesTheInstancesReportedToTheOther() throws Exception {
        try (TestRedis redis = TestRedis.primary(Files.createDirectories(dir.resolve("redis")));
                GantryServer a =
                        GantryServer.start(ServerConfig.of(dir.resolve("a"), 0).withRedis(redis.uri()), List.of());
                GantryServer b =
                        GantryServer.start(ServerConfig.of(dir.resolve("b"), 0).withRedis(redis.uri()), List.of());
                ControlPlaneClient toA = ControlPlaneClient.builder(a.apiUrl())
                        .token(a.token())
                        .retryFor(Duration.ZERO)
                        .build();
                EventReader viewer = new EventReader(
                        b.apiUrl() + EventRoutes.PATH, Map.of("Authorization", "Bearer " + b.token()))) {
            toA.post("/api/v1/agents/far/report", report(InstanceState.READY, 12.5), Void.class);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> viewer.first("instance", InstanceCard.class, i -> i.id().equals("far-1") && i.up())
                            != null);

            toA.post("/api/v1/agents/far/report", report(InstanceState.FAILED, 12.5), Void.class);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> viewer.first("instance", InstanceCard.class, i -> i.id().equals("far-1") && !i.up())
                            != null);
            assertThat(viewer.first("samples", Samples.class, s -> s.instances().containsKey("far-1"))
                            .data()
                            .instances()
                            .get("far-1")
                            .cpu())
                    .isEqualTo(12.5);
        }
    }

    private static AgentReport report(InstanceState state, double cpu) {
        return new AgentReport(
                "far",
                "127.0.0.1",
                "http://127.0.0.1:1",
                System.currentTimeMillis(),
                0,
                List.of(new InstanceStatus(
                        "far-1", "web", 1, "far", "127.0.0.1", 9001, 101, state, 0, 0, null, cpu, 10_000_000)),
                cpu,
                1L << 30,
                16L << 30);
    }
}
