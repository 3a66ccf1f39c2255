package dev.gantry.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.Json;
import dev.gantry.api.Problem;
import dev.gantry.api.TokenCreated;
import dev.gantry.api.alerts.AlertConfig;
import dev.gantry.api.alerts.AlertList;
import dev.gantry.api.alerts.AlertRule;
import dev.gantry.api.alerts.AlertRules;
import dev.gantry.api.alerts.Notification;
import dev.gantry.api.alerts.NotifyRoute;
import dev.gantry.api.alerts.Silence;
import dev.gantry.api.alerts.TestResult;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.api.client.Reply;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/alerts} on the real control plane (port 0, its embedded Redis, its own engine and clock). */
class AlertRoutesTest {
    @TempDir
    static Path dir;

    static WebhookReceiver hook;
    static GantryServer server;
    static ControlPlaneClient admin;

    @BeforeAll
    static void start() throws Exception {
        hook = new WebhookReceiver();
        Files.writeString(dir.resolve("secret"), "s3cret");
        AlertConfig alerts = new AlertConfig(
                null,
                List.of(
                        NotifyRoute.webhook(
                                "hook", hook.url(), dir.resolve("secret").toString()),
                        NotifyRoute.logged("log")),
                List.of(),
                null);
        server = GantryServer.start(ServerConfig.of(dir.resolve("data"), 0).withAlerts(alerts), List.of());
        admin = client(server.token());
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
        hook.close();
    }

    @Test
    void viewersReadTheRulesWithTheDefaultsAndOnlyDeployersReplaceThem() throws Exception {
        String rules = Json.write(new AlertRules(List.of(rule("tiny-cpu", "cpu", "95s"), defaultOff())));
        try (ControlPlaneClient viewer = client(create("viewer"));
                ControlPlaneClient deployer = client(create("deployer"))) {
            AlertRules read = viewer.get("/api/v1/alerts/rules", AlertRules.class);
            assertThat(read.rules())
                    .extracting(AlertRule::name)
                    .contains(
                            "instance-cpu",
                            "instance-memory",
                            "instance-down",
                            "app-errors",
                            "canary-aborted",
                            "host-down");
            assertThat(viewer.exchange("PUT", "/api/v1/alerts/rules", rules, "application/json")
                            .status())
                    .isEqualTo(403);
            assertThat(viewer.exchange("POST", "/api/v1/alerts/silences", silence("1h"), "application/json")
                            .status())
                    .isEqualTo(403);
            Reply put = deployer.exchange("PUT", "/api/v1/alerts/rules", rules, "application/json");
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            assertThat(put.json(AlertRules.class).rules())
                    .filteredOn(r -> r.name().equals("host-down"))
                    .singleElement()
                    .extracting(AlertRule::disabled)
                    .isEqualTo(true);
            assertThat(viewer.get("/api/v1/alerts", AlertList.class)).isNotNull();
        }
    }

    @Test
    void aRuleWithAnUnknownMetricABadDurationOrAnUnknownRouteIsRefusedNamingIt() throws Exception {
        assertRefused("{\"rules\":[{\"name\":\"x\",\"metric\":\"cpus\"}]}", "rules[x].metric: unknown metric");
        assertRefused(
                "{\"rules\":[{\"name\":\"x\",\"metric\":\"cpu\",\"for\":\"-5s\"}]}",
                "rules[x].for: must be a duration");
        assertRefused(
                "{\"rules\":[{\"name\":\"x\",\"metric\":\"cpu\",\"for\":\"30\"}]}", "rules[x].for: must be a duration");
        assertRefused(
                "{\"rules\":[{\"name\":\"x\",\"metric\":\"cpu\",\"routes\":[\"mail\"]}]}",
                "rules[x].routes: unknown route mail");
    }

    @Test
    void aSilenceIsListedWithItsReasonAndABadLengthIsNamed() throws Exception {
        Reply r = admin.exchange("POST", "/api/v1/alerts/silences", silence("1h"), "application/json");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json(Silence.class).reason()).isEqualTo("upgrading the database");
        assertThat(admin.get("/api/v1/alerts", AlertList.class).silences())
                .extracting(Silence::app)
                .contains("shop");
        Reply bad = admin.exchange("POST", "/api/v1/alerts/silences", silence("1 hour"), "application/json");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json(Problem.class).detail()).contains("for: must be a duration");
    }

    @Test
    void aTestNotificationGoesThroughEveryRoute() throws Exception {
        Reply r = admin.exchange("POST", "/api/v1/alerts/test", null, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json(TestResult.class).routes())
                .extracting(TestResult.Sent::route, TestResult.Sent::delivered)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("hook", true),
                        org.assertj.core.groups.Tuple.tuple("log", true));
        assertThat(hook.received)
                .anySatisfy(
                        h -> assertThat(Json.read(h.body(), Notification.class).transition())
                                .isEqualTo("test"));
    }

    @Test
    void anAgentReportingHighCpuFiresTheRuleOnTheServersOwnSchedulerAndResolves() throws Exception {
        String rules = Json.write(new AlertRules(List.of(new AlertRule(
                "burn", "cpu", "instance", "above", 50, "1s", "critical", null, List.of("hook"), false))));
        assertThat(admin.exchange("PUT", "/api/v1/alerts/rules", rules, "application/json")
                        .status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            report(90);
            assertThat(transitions("burn")).contains("firing");
        });
        assertThat(hook.received.getLast().signature())
                .isEqualTo(WebhookNotifier.signature(
                        "s3cret".getBytes(StandardCharsets.UTF_8),
                        hook.received.getLast().body().getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            report(5);
            assertThat(transitions("burn")).containsExactly("firing", "resolved");
        });
    }

    private static List<String> transitions(String rule) {
        return hook.received.stream()
                .map(h -> Json.read(h.body(), Notification.class))
                .filter(n -> n.rule().equals(rule))
                .map(Notification::transition)
                .toList();
    }

    private static void report(double cpu) throws Exception {
        InstanceStatus s = new InstanceStatus(
                "burn-1", "burner", 1, "h9", "127.0.0.1", 9999, 1, InstanceState.READY, 0, 0, null, cpu, 1000);
        AgentReport r = new AgentReport("h9", "127.0.0.1", "http://127.0.0.1:1", 0, 0, List.of(s), cpu, 1, 2);
        Reply reply = admin.exchange("POST", "/api/v1/agents/h9/report", Json.write(r), "application/json");
        assertThat(reply.status()).as(reply.body()).isLessThan(300);
    }

    private static void assertRefused(String body, String message) throws Exception {
        Reply r = admin.exchange("PUT", "/api/v1/alerts/rules", body, "application/json");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains(message);
    }

    private static String silence(String length) {
        return "{\"app\":\"shop\",\"for\":\"" + length + "\",\"reason\":\"upgrading the database\"}";
    }

    private static AlertRule rule(String name, String metric, String hold) {
        return new AlertRule(name, metric, null, null, 95, hold, null, null, null, false);
    }

    private static AlertRule defaultOff() {
        return AlertRule.defaults().stream()
                .filter(r -> r.name().equals("host-down"))
                .findFirst()
                .orElseThrow()
                .off();
    }

    private static String create(String role) throws Exception {
        String body = "{\"name\":\"alerts-" + role + "\",\"role\":\"" + role + "\"}";
        Reply r = admin.exchange("POST", "/api/v1/tokens", body, "application/json");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json(TokenCreated.class).token();
    }

    private static ControlPlaneClient client(String token) {
        return ControlPlaneClient.builder(server.apiUrl())
                .token(token)
                .retryFor(Duration.ZERO)
                .build();
    }
}
