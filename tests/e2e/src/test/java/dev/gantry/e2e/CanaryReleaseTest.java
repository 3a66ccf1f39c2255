package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.HistoryEvent;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceView;
import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import dev.gantry.api.canary.CanaryStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary's life with a person at the keys, on real instances and real traffic through the router: one killed
 * mid-rollout (the fast path, then the split resuming), and the whole walk deploy → canary at 10% → {@code gantry
 * promote} → {@code gantry rollback} with {@code gantry history} showing each step. Each case is its own app.
 */
@Timeout(240)
class CanaryReleaseTest {
    @TempDir
    static Path tmp;

    static Platform platform;
    static GantryCli cli;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.start(tmp);
        cli = new GantryCli(platform);
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @Test
    void aCanaryKilledMidRolloutLosesNoRequestGoesToZeroAtOnceAndWithPauseResumesOnceRestarted() throws Exception {
        Deployment v1 = platform.deploy(AppDir.write(tmp, "kill-v1", AppDir.helloYml("kill", 1, "")));
        assertThat(v1.state()).as(v1.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        try (LoadLoop load = LoadLoop.start(
                Duration.ofSeconds(150),
                4,
                25,
                15_000,
                () -> LoadLoop.get(platform.routerPort(), "kill.localhost", "/"),
                r -> r.statusCode() == 200)) {
            DeploymentAccepted v2 = platform.api.upload(AppDir.pack(AppDir.write(
                    tmp,
                    "kill-v2",
                    AppDir.helloYml(
                            "kill",
                            1,
                            "strategy: { canary: { steps: [ {weight: 50, pause: manual} ], onFailure: pause,"
                                    + " analysis: { interval: 2s } } }\n"))));
            await().atMost(Duration.ofSeconds(90)).until(() -> weight("kill") == 50);
            InstanceView canary = platform.instances("kill").stream()
                    .filter(i -> i.release() == 2)
                    .findFirst()
                    .orElseThrow();
            long before = served(load, 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> served(load, 2) >= before + 50);

            long pid = platform.pidOf(canary.id());
            long killed = System.nanoTime();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> weight("kill") == 0);
            double seconds = (System.nanoTime() - killed) / 1e9;
            System.out.printf("kill: canary weight 0 in the route table %.2f s after kill -9%n", seconds);
            CanaryStatus paused = platform.canary("kill");
            assertThat(paused.paused()).isTrue();
            assertThat(paused.state()).isEqualTo("running");
            assertThat(paused.pauseReason()).startsWith("canary instance " + canary.id() + " is ");
            long stableBefore = served(load, 1);
            load.awaitMorePassed(100);
            assertThat(served(load, 1))
                    .as("with the canary down, stable answers")
                    .isGreaterThanOrEqualTo(stableBefore + 100);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                InstanceView again = platform.instances("kill").stream()
                        .filter(i -> i.id().equals(canary.id()))
                        .findFirst()
                        .orElseThrow();
                assertThat(again.state()).isEqualTo(InstanceState.READY);
                assertThat(again.restarts()).isGreaterThanOrEqualTo(1);
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> weight("kill") == 50);
            assertThat(platform.canary("kill").paused()).isFalse();
            long resumed = served(load, 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> served(load, 2) >= resumed + 50);

            platform.api.post("/api/v1/apps/kill/abort");
            Deployment end = platform.api.awaitDeployment(v2);
            assertThat(end.state()).as(end.toString()).isEqualTo(DeploymentState.CANCELLED);
            load.awaitMorePassed(50);
            load.close();
            assertThat(load.failures()).as("GETs lost around the kill").isEmpty();
            assertThat(load.failed()).isZero();
        }
        assertThat(actions("kill")).containsSubsequence("rollback", "abort", "resume", "hard failure", "step");
    }

    @Test
    void deployThenCanaryAtTenPercentThenPromoteThenRollbackEachStepInHistory() throws Exception {
        Deployment v1 = platform.deploy(AppDir.write(tmp, "hello-v1", AppDir.helloYml("hello", 2, "")));
        assertThat(v1.state()).as(v1.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        try (LoadLoop load = LoadLoop.start(
                Duration.ofSeconds(150),
                4,
                25,
                15_000,
                () -> LoadLoop.get(platform.routerPort(), "hello.localhost", "/"),
                r -> r.statusCode() == 200)) {
            DeploymentAccepted v2 = platform.api.upload(AppDir.pack(AppDir.write(
                    tmp,
                    "hello-v2",
                    AppDir.helloYml(
                            "hello",
                            2,
                            "strategy: { canary: { steps: [ {weight: 10, pause: manual} ], analysis: { interval:"
                                    + " 2s } } }\n"))));
            await().atMost(Duration.ofSeconds(90)).until(() -> weight("hello") == 10);
            long before = served(load, 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> served(load, 2) >= before + 20);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> platform.canary("hello").looks() >= 2);

            GantryCli.Run status = cli.run("canary", "status", "hello");
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.out())
                    .contains(
                            "canary of hello: release 2 against stable release 1 (deployment " + v2.deployment() + ")",
                            "step:    1 of 1, waiting for gantry promote hello",
                            "weights: canary 10%, stable 90%",
                            "METRIC",
                            "errors");

            GantryCli.Run promote = cli.run("promote", "hello");
            assertThat(promote.exit()).as(promote.err()).isZero();
            Deployment promoted = platform.api.awaitDeployment(v2);
            assertThat(promoted.state()).as(promoted.toString()).isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(platform.instances("hello")).hasSize(2).allMatch(i -> i.release() == 2);
            GantryCli.Run after = cli.run("canary", "status", "hello");
            assertThat(after.out()).contains("state:   promoted", "step:    promoted (past the last of 1)");
            long release2 = served(load, 2);
            load.awaitMorePassed(100);
            assertThat(served(load, 2)).isGreaterThanOrEqualTo(release2 + 100);

            GantryCli.Run rollback = cli.run("rollback", "hello");
            assertThat(rollback.exit()).as(rollback.err()).isZero();
            assertThat(platform.instances("hello")).hasSize(2).allMatch(i -> i.release() == 1);
            long release1 = served(load, 1);
            load.awaitMorePassed(100);
            assertThat(served(load, 1)).isGreaterThanOrEqualTo(release1 + 100);
            load.close();
            assertThat(load.failures()).isEmpty();
            assertThat(load.failed()).isZero();
        }
        assertThat(actions("hello"))
                .containsSubsequence("rollback", "promoted", "promote", "verdict", "step", "canary", "deploy");
        GantryCli.Run history = cli.run("history", "hello");
        assertThat(history.exit()).as(history.err()).isZero();
        assertThat(history.out())
                .contains(
                        "release 2 against stable release 1",
                        "step 1/1: 10% of requests to release 2 until gantry promote",
                        "past step 1",
                        "release 2 serves every request");
    }

    /** The canary weight of the app's route in the control plane's route table; -1 without a split. */
    private static int weight(String app) {
        return platform.api.get("/api/v1/routes", RouteTable.class).routes().stream()
                .filter(r -> r.app().equals(app))
                .map(Route::canary)
                .filter(java.util.Objects::nonNull)
                .mapToInt(Route.CanarySplit::weight)
                .findFirst()
                .orElse(-1);
    }

    /** Answers of this release of the app the load got so far. */
    private static long served(LoadLoop load, int release) {
        return load.bodies().entrySet().stream()
                .filter(e -> e.getKey().contains(" release " + release + " instance "))
                .mapToLong(e -> e.getValue().get())
                .sum();
    }

    private static List<String> actions(String app) {
        return platform.history(app).stream().map(HistoryEvent::action).toList();
    }
}
