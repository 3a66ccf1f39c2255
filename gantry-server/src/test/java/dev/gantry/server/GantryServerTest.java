package dev.gantry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.AgentReport;
import dev.gantry.api.AgentReport.CgroupVersion;
import dev.gantry.api.AgentReport.Isolation;
import dev.gantry.api.AgentStatus;
import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.Json;
import dev.gantry.api.PlatformStatus;
import dev.gantry.api.archive.TarGz;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.api.client.ProblemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    void aDeploymentFollowerLongPollsUntilTheNextLineOrTheEndOfItsWait() throws Exception {
        try (GantryServer server = GantryServer.start(ServerConfig.of(dir.resolve("data"), 0), List.of());
                ControlPlaneClient admin = ControlPlaneClient.builder(server.apiUrl())
                        .token(server.token())
                        .mapper(Json.strict())
                        .retryFor(Duration.ZERO)
                        .build()) {
            admin.post("/api/v1/agents/h1/report", report("h1", null), Void.class);
            Path app = Files.createDirectories(dir.resolve("app"));
            Files.writeString(app.resolve("gantry.yml"), "name: web\nbuild: sleep 6\nrun: sleep 60\n");
            Path tar = dir.resolve("app.tar.gz");
            TarGz.pack(app, tar);
            String id = admin.upload("/api/v1/deploys", tar, "application/gzip", DeploymentAccepted.class)
                    .deployment();
            String path = "/api/v1/deployments/" + id;
            AtomicInteger next = new AtomicInteger();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                Deployment d = admin.get(path + "?from=" + next.get() + "&wait=5s", Deployment.class);
                next.set(d.next());
                return d.lines().contains("building: sleep 6");
            });
            int seen = next.get();

            long started = System.nanoTime();
            Deployment quiet = admin.get(path + "?from=" + seen + "&wait=1s", Deployment.class);
            assertThat(quiet.lines()).as("the build runs for 6 s").isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));

            Deployment built = admin.get(path + "?from=" + seen + "&wait=25s", Deployment.class);
            assertThat(built.lines()).isNotEmpty();
            assertThat(built.next()).isGreaterThan(seen);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));

            for (String wait : List.of("26s", "soon")) {
                assertThatThrownBy(() -> admin.get(path + "?wait=" + wait, Deployment.class))
                        .isInstanceOf(ProblemException.class)
                        .hasMessageContaining("wait: ");
            }
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
