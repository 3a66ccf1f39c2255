package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.alerts.AlertConfig;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code gantry alerts ...} and {@code gantry server --alerts} as a user types them, against a real control plane. */
@Timeout(120)
class AlertsCommandTest {
    @TempDir
    static Path dir;

    static GantryServer server;

    @BeforeAll
    static void start() throws Exception {
        server = GantryServer.start(ServerConfig.of(dir.resolve("server"), 0).withAlerts(AlertConfig.NONE), List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void rulesListsTheBuiltInDefaults() {
        GantryRun run = alerts("rules");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.outLines().get(0)).contains("NAME", "METRIC", "SCOPE", "CONDITION", "FOR");
        assertThat(run.out())
                .contains(
                        "instance-cpu",
                        "instance-memory",
                        "instance-down",
                        "app-errors",
                        "canary-aborted",
                        "host-down");
    }

    @Test
    void silenceShowsInTheListWithItsReason() {
        GantryRun silenced = alerts("silence", "shop", "--for", "1h", "--reason", "moving the database");
        assertThat(silenced.exit()).as(silenced.err()).isZero();
        assertThat(silenced.out()).startsWith("silenced shop until ");
        GantryRun list = alerts("list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("silenced shop until").contains("moving the database");
    }

    @Test
    void aSilenceWithoutAUnitIsRefusedNamingTheField() {
        GantryRun run = alerts("silence", "shop", "--for", "60", "--reason", "x");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("for: must be a duration");
    }

    @Test
    void testSendsThroughEveryRoute() {
        GantryRun run = alerts("test");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("log").contains("delivered");
    }

    @Test
    void aServerWithABadAlertsFileRefusesToStartNamingTheFieldAndLine() throws Exception {
        Path file = dir.resolve("alerts.yml");
        Files.writeString(file, """
                routes:
                  - {name: hook, webhook: "ftp://example.com/x"}
                rules:
                  - {name: cpu, metric: cpu, for: -5s}
                """);
        GantryRun run = GantryRun.of(
                "server",
                "--alerts",
                file.toString(),
                "--data-dir",
                dir.resolve("bad").toString(),
                "--port",
                "0",
                "--no-agent",
                "--no-router");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .contains("routes[hook].webhook: must be an http(s) URL, was ftp://example.com/x (alerts.yml line 2)")
                .contains("rules[cpu].for: must be a duration")
                .contains("(alerts.yml line 4)");
    }

    private static GantryRun alerts(String... args) {
        List<String> argv = new ArrayList<>(List.of("alerts"));
        argv.addAll(List.of(args));
        argv.addAll(List.of(
                "--server",
                server.apiUrl(),
                "--data-dir",
                server.config().dataDir().toString()));
        return GantryRun.of(argv.toArray(String[]::new));
    }
}
