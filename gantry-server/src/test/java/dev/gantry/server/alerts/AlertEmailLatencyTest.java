package dev.gantry.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.Json;
import dev.gantry.api.alerts.AlertConfig;
import dev.gantry.api.alerts.AlertRule;
import dev.gantry.api.alerts.NotifyRoute;
import dev.gantry.api.alerts.Smtp;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.store.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the real control plane (its own engine, system clock) with GreenMail: how long after a rule's {@code for}
 * window ends its mail arrives. Reported, not asserted (the target is under 5 s).
 */
class AlertEmailLatencyTest {
    @TempDir
    Path dir;

    @Test
    void theMailArrivesSecondsAfterTheForWindowEnds() throws Exception {
        int port = TestRedis.freePort();
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        AlertRule rule =
                new AlertRule("burn", "cpu", "instance", "above", 50, "5s", "critical", null, List.of(), false);
        AlertConfig alerts = new AlertConfig(
                new Smtp("127.0.0.1", port, "none", "gantry@example.com", null, null, null),
                List.of(NotifyRoute.email("ops", "ops@example.com")),
                List.of(rule),
                null);
        try (GantryServer server = GantryServer.start(
                        ServerConfig.of(dir.resolve("data"), 0).withAlerts(alerts), List.of());
                ControlPlaneClient admin = ControlPlaneClient.builder(server.apiUrl())
                        .token(server.token())
                        .build()) {
            long firstBreach = 0;
            while (mail.getReceivedMessages().length == 0) {
                InstanceStatus s = new InstanceStatus(
                        "burn-1", "burner", 1, "h1", "127.0.0.1", 9999, 1, InstanceState.READY, 0, 0, null, 95, 1000);
                admin.exchange(
                        "POST",
                        "/api/v1/agents/h1/report",
                        Json.write(
                                new AgentReport("h1", "127.0.0.1", "http://127.0.0.1:1", 0, 0, List.of(s), 95, 1, 2)),
                        "application/json");
                if (firstBreach == 0) firstBreach = System.nanoTime();
                mail.waitForIncomingEmail(100, 1);
                assertThat(System.nanoTime() - firstBreach)
                        .isLessThan(Duration.ofSeconds(60).toNanos());
            }
            long afterWindow =
                    System.nanoTime() - firstBreach - Duration.ofSeconds(5).toNanos();
            System.out.printf("alert mail arrived %d ms after the 5 s for window ended%n", afterWindow / 1_000_000);
            assertThat(mail.getReceivedMessages()[0].getSubject()).contains("burn", "burner", "burn-1");
        } finally {
            mail.stop();
        }
    }
}
