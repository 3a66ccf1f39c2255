package dev.gantry.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.AgentReport;
import dev.gantry.api.AgentReport.CgroupVersion;
import dev.gantry.api.AgentReport.Isolation;
import dev.gantry.api.AgentStatus;
import dev.gantry.api.Json;
import dev.gantry.api.PlatformStatus;
import dev.gantry.api.client.ControlPlaneClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole control plane on port 0 in a temp dir, with its embedded Redis. */
class GantryServerTest {
    @TempDir
    Path dir;

    @Test
    void theDataDirectoryIsPrivateToTheServersAccountEvenWhenItExistedBefore() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

        try (GantryServer server = GantryServer.start(ServerConfig.of(data, 0), List.of())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void statusShowsHowEachAgentIsolatesItsInstances() throws Exception {
        try (GantryServer server = GantryServer.start(ServerConfig.of(dir.resolve("data"), 0), List.of());
                ControlPlaneClient admin = ControlPlaneClient.builder(server.apiUrl())
                        .token(server.token())
                        .mapper(Json.strict())
                        .retryFor(Duration.ZERO)
                        .build()) {
            admin.post(
                    "/api/v1/agents/h1/report",
                    report("h1", new Isolation("gantry-app", CgroupVersion.V2, null)),
                    Void.class);
            Isolation none = new Isolation("deploy", CgroupVersion.NONE, "/sys/fs/cgroup is read-only");
            admin.post("/api/v1/agents/h2/report", report("h2", none), Void.class);

            List<AgentStatus> agents =
                    admin.get("/api/v1/status", PlatformStatus.class).agents();

            assertThat(agents)
                    .extracting(AgentStatus::host, AgentStatus::isolation)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(
                                    "h1", new Isolation("gantry-app", CgroupVersion.V2, null)),
                            org.assertj.core.groups.Tuple.tuple("h2", none));
        }
    }

    private static AgentReport report(String host, Isolation isolation) {
        return new AgentReport(
                host,
                "127.0.0.1",
                "http://127.0.0.1:1",
                System.currentTimeMillis(),
                0,
                List.of(),
                1.5,
                1 << 20,
                1 << 30,
                isolation);
    }
}
