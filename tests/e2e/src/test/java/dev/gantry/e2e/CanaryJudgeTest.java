package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.HistoryEvent;
import dev.gantry.api.canary.CanaryStatus;
import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.MetricVerdict;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live judge on real traffic: hello is live at release 1 on one instance, release 2 goes out as a canary taking
 * half of a steady load through the router (4 clients at 25 requests a second each), judged every 2 s. A canary
 * that fails 5% of its requests, or answers in twice the time, is rolled back by the judge long before its 60 s
 * pause ends; an identical one is promoted. Each outcome is in the canary status and the history with its evidence.
 * Each case is its own app on one platform.
 */
@Timeout(240)
class CanaryJudgeTest {
    /** One step long enough that only the judge can end it early; looks every 2 s. */
    static final String JUDGED =
            "strategy: { canary: { steps: [ {weight: 50, pause: 60s} ], analysis: { interval: 2s, timeout: 30s } } }\n";

    @TempDir
    static Path tmp;

    static Platform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.start(tmp);
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @Test
    void aCanaryFailingFivePercentOfItsRequestsIsRolledBackByTheJudgeWithTheErrorsAsEvidence() throws Exception {
        String failing = "Failing on purpose (HELLO_ERROR_PERCENT) in hello release 2";
        Deployment v2;
        deployStable("hello", "");
        try (LoadLoop load =
                steadyLoad("hello", r -> r.statusCode() == 200 || r.body().startsWith(failing))) {
            v2 = canary("hello", "env: { HELLO_ERROR_PERCENT: 5 }\n" + JUDGED);
            load.awaitMorePassed(100);
            load.close();
            assertThat(load.failures())
                    .as("only the canary's own 500s, nothing else")
                    .isEmpty();
            assertThat(load.bodies().keySet()).anyMatch(b -> b.startsWith(failing));
        }
        assertThat(v2.state()).as(v2.toString()).isEqualTo(DeploymentState.FAILED);
        assertThat(v2.message()).startsWith("the judge rolled the canary back at step 1: rollback after ");
        CanaryStatus status = rolledBack("hello", v2);
        assertThat(metric(status, "errors").decision()).isEqualTo(Decision.ROLLBACK);
        assertThat(metric(status, "errors").reason()).startsWith("canary error rate ");
        assertThat(history("hello", "verdict"))
                .anyMatch(d -> d.startsWith("ROLLBACK at step 1: rollback after ")
                        && d.contains("[errors ROLLBACK: canary error rate "));
        onlyReleaseOneServes("hello");
        GantryCli cli = new GantryCli(platform);
        GantryCli.Run shown = cli.run("canary", "status", "hello");
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out())
                .contains("state:   rolled back, the judge rolled the canary back at step 1: ", "weights: canary 0%")
                .containsPattern("errors +ROLLBACK +canary error rate ");
        GantryCli.Run history = cli.run("history", "hello");
        assertThat(history.exit()).as(history.err()).isZero();
        assertThat(history.out()).contains("ROLLBACK at step 1: ", "all traffic back on release 1: ");
    }

    @Test
    void aCanaryTwiceAsSlowAsStableIsRolledBackByTheJudgeWithTheLatencyAsEvidence() throws Exception {
        Deployment v2;
        deployStable("slow", "env: { HELLO_DELAY_MS: 20 }\n");
        try (LoadLoop load = steadyLoad("slow", r -> r.statusCode() == 200)) {
            v2 = canary("slow", "env: { HELLO_DELAY_MS: 40 }\n" + JUDGED);
            load.close();
            assertThat(load.failures()).isEmpty();
        }
        assertThat(v2.state()).as(v2.toString()).isEqualTo(DeploymentState.FAILED);
        assertThat(v2.message()).startsWith("the judge rolled the canary back at step 1: ");
        CanaryStatus status = rolledBack("slow", v2);
        assertThat(metric(status, "latency").decision()).isEqualTo(Decision.ROLLBACK);
        assertThat(metric(status, "errors").decision()).isNotEqualTo(Decision.ROLLBACK);
        assertThat(history("slow", "verdict"))
                .anyMatch(d -> d.startsWith("ROLLBACK at step 1: ")
                        && d.contains("[errors ")
                        && d.contains("latency ROLLBACK: "));
        onlyReleaseOneServes("slow");
    }

    @Test
    void anIdenticalCanaryIsPromotedToEveryInstanceWithoutAFailedRequest() throws Exception {
        Deployment v2;
        deployStable("same", "");
        try (LoadLoop load = steadyLoad("same", r -> r.statusCode() == 200)) {
            v2 = canary(
                    "same",
                    "strategy: { canary: { steps: [ {weight: 50, pause: 10s} ], analysis: { interval: 2s,"
                            + " timeout: 60s } } }\n");
            load.awaitMorePassed(100);
            load.close();
            assertThat(load.failures()).isEmpty();
            assertThat(load.failed()).isZero();
        }
        assertThat(v2.state()).as(v2.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(v2.lines()).anyMatch(l -> l.contains("step 1 passed"));
        CanaryStatus status = platform.canary("same");
        assertThat(status.state()).isEqualTo("promoted");
        assertThat(status.verdict().decision()).isNotEqualTo(Decision.ROLLBACK);
        assertThat(status.verdict().metrics()).extracting(MetricVerdict::metric).contains("errors", "latency");
        assertThat(history("same", "verdict")).isNotEmpty().noneMatch(d -> d.startsWith("ROLLBACK"));
        assertThat(history("same", "promoted")).containsExactly("release 2 serves every request");
        assertThat(platform.instances("same")).isNotEmpty().allMatch(i -> i.release() == 2);
    }

    /** Release 1 of the app on one instance, rolled out plainly (nothing to compare with yet). */
    private static void deployStable(String app, String extra) throws Exception {
        Deployment v1 = platform.deploy(AppDir.write(tmp, app + "-v1", AppDir.helloYml(app, 1, extra)));
        assertThat(v1.state()).as(v1.toString()).isEqualTo(DeploymentState.SUCCEEDED);
    }

    /** Release 2 as a canary, to its end; prints what the judge saw, for the record. */
    private static Deployment canary(String app, String extra) throws Exception {
        Deployment v2 = platform.deploy(AppDir.write(tmp, app + "-v2", AppDir.helloYml(app, 1, extra)));
        CanaryStatus s = platform.canary(app);
        System.out.printf(
                "%s: %s %s after %.1f s, %d looks: %s%n",
                app,
                v2.state(),
                s.verdict() == null ? "no verdict" : s.verdict().decision(),
                (s.verdictAt() - s.stepStartedAt()) / 1000.0,
                s.looks(),
                s.verdict() == null ? "" : s.verdict().metrics());
        v2.lines().forEach(l -> System.out.println("  " + l));
        return v2;
    }

    /** 4 clients at 25 requests a second through the router, for at most 150 s and 15,000 requests. */
    private static LoadLoop steadyLoad(String app, Predicate<HttpResponse<String>> ok) {
        return LoadLoop.start(
                Duration.ofSeconds(150),
                4,
                25,
                15_000,
                () -> LoadLoop.get(platform.routerPort(), app + ".localhost", "/"),
                ok);
    }

    private static CanaryStatus rolledBack(String app, Deployment d) {
        CanaryStatus status = platform.canary(app);
        assertThat(status.deployment()).isEqualTo(d.id());
        assertThat(status.state()).isEqualTo("rolled back");
        assertThat(status.weight()).isZero();
        assertThat(status.step()).isEqualTo(1);
        assertThat(status.verdict().decision()).isEqualTo(Decision.ROLLBACK);
        assertThat(status.verdictAt() - status.stepStartedAt())
                .as("the judge decided before the 60 s pause was over")
                .isLessThan(60_000);
        assertThat(history(app, "rollback")).anyMatch(t -> t.startsWith("all traffic back on release 1: "));
        return status;
    }

    private static MetricVerdict metric(CanaryStatus status, String name) {
        return status.verdict().metrics().stream()
                .filter(m -> m.metric().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + status.verdict()));
    }

    /** The details of the app's history events with this action, newest first. */
    private static List<String> history(String app, String action) {
        return platform.history(app).stream()
                .filter(e -> e.action().equals(action))
                .map(HistoryEvent::detail)
                .toList();
    }

    private static void onlyReleaseOneServes(String app) throws Exception {
        assertThat(platform.instances(app)).isNotEmpty().allMatch(i -> i.release() == 1);
        try (LoadLoop after = LoadLoop.start(
                Duration.ofSeconds(30),
                1,
                50,
                50,
                () -> LoadLoop.get(platform.routerPort(), app + ".localhost", "/"),
                r -> r.statusCode() == 200)) {
            after.join();
            assertThat(after.failures()).isEmpty();
            assertThat(after.bodies().keySet()).allMatch(b -> b.startsWith("Hello from " + app + " release 1 "));
        }
    }
}
