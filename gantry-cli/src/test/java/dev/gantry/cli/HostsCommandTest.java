package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.api.Json;
import dev.gantry.server.ServerConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gantry hosts} against a real control plane whose own agent, {@code local}, is a host of an ssh environment
 * (whose sshd does not answer): the agent's version and the host's CPU count come from the agent's report.
 */
@Timeout(120)
class HostsCommandTest {
    @TempDir
    static Path dir;

    static Embedded gantry;
    static int closed;

    @BeforeAll
    static void start() throws Exception {
        gantry = Embedded.start(ServerConfig.of(dir.resolve("data"), 0), -1, "local", 0);
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("environments"));
        Files.writeString(
                dir.resolve("environments/here.yml"),
                "provider: ssh\nhosts:\n  - {name: local, roles: [agent], address: 127.0.0.1, port: " + closed + "}\n"
                        + "  - {name: spare, roles: [agent], address: 127.0.0.1, port: " + closed + "}\n");
    }

    @AfterAll
    static void stop() {
        if (gantry != null) gantry.close(true);
    }

    @Test
    void theTableShowsTheAgentsVersionAndTheHostsCpus() {
        String cpus = String.valueOf(Runtime.getRuntime().availableProcessors());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            GantryRun hosts = hosts();
            assertThat(hosts.exit()).as(hosts.err()).isZero();
            assertThat(hosts.outLines().get(0).split("\\s+"))
                    .containsExactly(
                            "HOST", "ADDRESS", "ROLES", "STATE", "AGENT", "INSTANCES", "CPUS", "CPU", "MEMORY");
            assertThat(hosts.outLines().get(1).split("\\s+"))
                    .startsWith("local", "127.0.0.1", "agent", "unreachable", Version.agent(), "0", cpus);
            assertThat(hosts.outLines().get(2).split("\\s+"))
                    .containsExactly("spare", "127.0.0.1", "agent", "unreachable", "not", "joined", "-", "-", "-", "-");
        });
    }

    @Test
    void jsonCarriesTheAgentsReport() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> hosts().out().contains(Version.agent()));

        JsonNode hosts = Json.mapper().readTree(hosts("-o", "json").out());

        assertThat(hosts.get(0).path("host").asText()).isEqualTo("local");
        assertThat(hosts.get(0).path("state").asText()).isEqualTo("unreachable");
        assertThat(hosts.get(0).path("agent").path("version").asText()).isEqualTo(Version.agent());
        assertThat(hosts.get(0).path("agent").path("cpus").asInt())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(hosts.get(1).path("agent").isNull()).isTrue();
    }

    private static GantryRun hosts(String... more) {
        var argv = new java.util.ArrayList<>(java.util.List.of(
                "hosts",
                "here",
                "--environments",
                dir.resolve("environments").toString(),
                "--data-dir",
                dir.resolve("data").toString(),
                "--server",
                gantry.server().apiUrl(),
                "--token",
                gantry.server().token()));
        argv.addAll(java.util.List.of(more));
        return GantryRun.of(argv.toArray(String[]::new));
    }
}
