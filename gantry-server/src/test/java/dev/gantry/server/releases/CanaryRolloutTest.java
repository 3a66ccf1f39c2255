package dev.gantry.server.releases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.Backend;
import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.HistoryEvent;
import dev.gantry.api.Route;
import dev.gantry.api.canary.Arm;
import dev.gantry.api.canary.CanaryStatus;
import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.MetricVerdict;
import dev.gantry.api.canary.Verdict;
import dev.gantry.api.canary.Window;
import dev.gantry.server.apps.Placement;
import dev.gantry.server.store.TestRedis;
import dev.gantry.server.web.ApiException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary steps of the deploy engine on a real Redis, a manual clock, a fake agent, and a judge that says
 * what the test tells it: app {@code web} is live at release 1 on two instances; release 2 goes out as a
 * canary; each test checks what runs, how the route splits, what the judge was shown, and the history.
 */
class CanaryRolloutTest {
    static TestRedis redis;

    @TempDir
    Path dir;

    TestControlPlane cp;
    List<String> old;
    Decision next = Decision.CONTINUE;
    long canaryPerLook = 10;
    final List<Window> shown = new ArrayList<>();

    @BeforeAll
    static void startRedis(@TempDir Path redisDir) throws Exception {
        redis = TestRedis.primary(redisDir);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void webIsLiveAtReleaseOne() throws Exception {
        cp = TestControlPlane.fresh(redis.uri(), dir, 10);
        cp.deployer.judgeCanaries(
                (app, release, from, to) -> new Arm(release == 2 ? canaryPerLook : 90, 0), (analysis, steps) -> w -> {
                    shown.add(w);
                    return new Verdict(
                            next,
                            "scripted " + next,
                            List.of(new MetricVerdict("errors", next, "scripted", Map.of("ratio", 1.0))));
                });
        cp.agent.readyByItself(true);
        assertThat(cp.finish(cp.deploy(yml("v1", ""))))
                .extracting(Deployment::state)
                .isEqualTo(DeploymentState.SUCCEEDED);
        cp.agent.readyByItself(false);
        old = cp.placements("web").stream().map(Placement::id).toList();
    }

    @AfterEach
    void close() {
        cp.close();
    }

    @Test
    void stepsAdvanceWhenThePauseIsOverAndTheJudgeSaysPromoteThenTheNewReleaseTakesEveryInstance() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2", canary("abort")));
        cp.runDue();
        String canary = onlyNew();
        assertThat(split().weight()).as("no weight before the canary is ready").isZero();
        cp.agent.ready(canary);
        cp.runDue();
        assertThat(split()).isEqualTo(new Route.CanarySplit(2, 10, true, 50));
        assertThat(status().step()).isEqualTo(1);

        next = Decision.PROMOTE;
        cp.advance(Duration.ofSeconds(10));
        assertThat(split().weight())
                .as("the judge passes, but the pause (30s) is not over")
                .isEqualTo(10);
        assertThat(shown).isNotEmpty();
        assertThat(shown.getLast().canary().requests()).isEqualTo(10);
        assertThat(shown.getLast().baseline().requests()).isEqualTo(90);

        cp.advance(Duration.ofSeconds(20));
        assertThat(split().weight()).as("pause over and PROMOTE: step 2").isEqualTo(50);
        assertThat(status().step()).isEqualTo(2);

        cp.advance(Duration.ofSeconds(30));
        assertThat(status().state()).isEqualTo("running");
        assertThat(split().weight()).as("promoted: every request to release 2").isEqualTo(100);
        String second = onlyNew(canary);
        cp.agent.ready(second);
        cp.runDue();
        cp.advance(TestControlPlane.DRAIN);

        Deployment done = cp.view(d);
        assertThat(done.state()).as(done.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(cp.placements("web")).extracting(Placement::id).containsExactly(canary, second);
        assertThat(split()).as("no split once it ended").isNull();
        assertThat(status().state()).isEqualTo("promoted");
        assertThat(actions()).contains("canary", "step", "verdict", "promoted");
        assertThat(details()).anyMatch(t -> t.startsWith("PROMOTE at step 1: scripted PROMOTE [errors PROMOTE"));
    }

    @Test
    void theJudgesRollbackSendsEveryRequestToStableAndRemovesTheCanaryWithItsEvidenceInHistory() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2", canary("abort")));
        cp.runDue();
        String canary = onlyNew();
        cp.agent.ready(canary);
        cp.runDue();
        next = Decision.ROLLBACK;
        cp.advance(Duration.ofSeconds(10));
        assertThat(split()).as("the split is gone at once").isNull();
        assertThat(backends()).filteredOn(b -> b.release() == 2).allMatch(b -> b.weight() == 0);
        cp.advance(TestControlPlane.DRAIN);

        Deployment done = cp.view(d);
        assertThat(done.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(done.message()).startsWith("the judge rolled the canary back at step 1: scripted ROLLBACK");
        assertThat(cp.placements("web")).extracting(Placement::id).containsExactlyElementsOf(old);
        assertThat(status().state()).isEqualTo("rolled back");
        assertThat(status().verdict().decision()).isEqualTo(Decision.ROLLBACK);
        assertThat(details()).anyMatch(t -> t.startsWith("ROLLBACK at step 1: scripted ROLLBACK [errors ROLLBACK"));
        assertThat(cp.store.app("web").orElseThrow().release()).isEqualTo(1);
    }

    @Test
    void aCanaryInstanceGoingDownAbortsByDefault() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2", canary("abort")));
        cp.runDue();
        String canary = onlyNew();
        cp.agent.ready(canary);
        cp.runDue();
        cp.agent.crash(canary, "exited with code 137");
        cp.runDue();
        assertThat(split()).isNull();
        cp.advance(TestControlPlane.DRAIN);
        Deployment done = cp.view(d);
        assertThat(done.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(done.message()).contains("canary instance " + canary + " is CRASH_LOOP: exited with code 137");
        assertThat(actions()).contains("hard failure", "rollback");
    }

    @Test
    void withOnFailurePauseTheSplitGoesToZeroAndResumesWhenTheCanaryIsReadyAgain() throws Exception {
        cp.deploy(yml("v2", canary("pause")));
        cp.runDue();
        String canary = onlyNew();
        cp.agent.ready(canary);
        cp.runDue();
        cp.agent.crash(canary, "exited with code 1");
        cp.runDue();
        assertThat(split().weight()).as("paused").isZero();
        assertThat(status().paused()).isTrue();
        cp.agent.ready(canary);
        cp.runDue();
        assertThat(split().weight()).as("resumed").isEqualTo(10);
        assertThat(actions()).contains("hard failure", "resume");
    }

    @Test
    void anErrorBurstSeenByARouterAborts() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2", canary("abort")));
        cp.runDue();
        cp.agent.ready(onlyNew());
        cp.runDue();
        cp.deployer.canaryTripped("web", 2, "edge-1");
        cp.runDue();
        assertThat(split()).isNull();
        cp.advance(TestControlPlane.DRAIN);
        assertThat(cp.view(d).message()).startsWith("error burst: router edge-1");
    }

    @Test
    void promoteMovesAManualStepOnAndAbortEndsItCancelled() throws Exception {
        DeploymentAccepted d = cp.deploy(yml(
                "v2",
                "strategy:\n  canary:\n    steps: [ {weight: 20, pause: manual}, {weight: 60, pause: manual} ]\n"));
        cp.runDue();
        String first = onlyNew();
        cp.agent.ready(first);
        cp.runDue();
        next = Decision.PROMOTE;
        cp.advance(Duration.ofMinutes(15));
        assertThat(split().weight())
                .as("a manual step waits, whatever the judge says")
                .isEqualTo(20);
        assertThat(status().manual()).isTrue();

        cp.deployer.promote("web", false, "alice");
        cp.runDue();
        assertThat(split().weight())
                .as("60% of 2 instances needs a second canary first")
                .isEqualTo(20);
        cp.agent.ready(onlyNew(first));
        cp.runDue();
        assertThat(split().weight()).isEqualTo(60);
        cp.deployer.abort("web", "bob");
        cp.runDue();
        assertThat(split()).isNull();
        cp.advance(TestControlPlane.DRAIN);
        Deployment done = cp.view(d);
        assertThat(done.state()).isEqualTo(DeploymentState.CANCELLED);
        assertThat(done.message()).startsWith("aborted by bob");
        assertThat(status().state()).isEqualTo("aborted");
        assertThat(cp.store.history("web", 100))
                .extracting(HistoryEvent::actor, HistoryEvent::action)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("alice", "promote"),
                        org.assertj.core.groups.Tuple.tuple("bob", "abort"));
    }

    @Test
    void noVerdictWithinTheTimeoutAfterThePauseFailsNamingTheTimeout() throws Exception {
        DeploymentAccepted d = cp.deploy(yml(
                "v2",
                "strategy:\n  canary:\n    steps: [ {weight: 10, pause: 10s} ]\n    analysis: { timeout: 30s }\n"));
        cp.runDue();
        cp.agent.ready(onlyNew());
        cp.runDue();
        cp.advance(Duration.ofSeconds(45));
        cp.advance(TestControlPlane.DRAIN);
        assertThat(cp.view(d).message()).startsWith("no verdict at step 1 within 30s after its pause");
    }

    @Test
    void aStepPassesWithoutProofOnceItsPauseIsOverAndTheJudgeSawEnoughCanaryRequestsWithoutARegression()
            throws Exception {
        canaryPerLook = 40;
        cp.deploy(yml("v2", canary("abort")));
        cp.runDue();
        cp.agent.ready(onlyNew());
        cp.runDue();
        cp.advance(Duration.ofSeconds(20));
        assertThat(split().weight()).as("80 canary requests: not enough").isEqualTo(10);
        cp.advance(Duration.ofSeconds(10));
        assertThat(split().weight())
                .as("pause over, 120 canary requests, CONTINUE: passed")
                .isEqualTo(50);
    }

    @Test
    void promoteAndAbortWithoutARunningCanaryAre409() throws Exception {
        assertThatThrownBy(() -> cp.deployer.promote("web", false, "alice"))
                .isInstanceOf(ApiException.class)
                .hasMessage("no canary of web is running, nothing to promote: no deployment is running");
        assertThatThrownBy(() -> cp.deployer.abort("web", "alice"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("nothing to abort");
        assertThatThrownBy(() -> cp.deployer.canary("web"))
                .isInstanceOf(ApiException.class)
                .hasMessage("canary of web (it never had one) not found");
    }

    @Test
    void theFirstDeployOfAnAppWithACanaryStrategyRollsOutPlainly() throws Exception {
        cp.deployer.delete("web", "admin");
        cp.agent.readyByItself(true);
        cp.advance(Duration.ofSeconds(5));
        Deployment first = cp.finish(cp.deploy(yml("v1", canary("abort"))));
        assertThat(first.state()).as(first.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(split()).isNull();
    }

    private static String canary(String onFailure) {
        return "strategy:\n  canary:\n    steps: [ {weight: 10, pause: 30s}, {weight: 50, pause: 30s}, {weight: 100} ]\n"
                + "    onFailure: " + onFailure + "\n    sticky: true\n";
    }

    static String yml(String greeting, String strategy) {
        return "name: web\nrun: ./serve " + greeting
                + "\ninstances: 2\nhealth_timeout: 5s\nroute: { host: web.localhost }\n" + strategy;
    }

    private CanaryStatus status() {
        return cp.deployer.canary("web");
    }

    private Route.CanarySplit split() {
        return route().canary();
    }

    private List<Backend> backends() {
        return route().backends();
    }

    private Route route() {
        return cp.tables.refresh().routes().stream()
                .filter(r -> r.app().equals("web"))
                .findFirst()
                .orElseThrow();
    }

    private List<String> actions() {
        return cp.store.history("web", 100).stream().map(HistoryEvent::action).toList();
    }

    private List<String> details() {
        return cp.store.history("web", 100).stream().map(HistoryEvent::detail).toList();
    }

    private String onlyNew(String... known) {
        List<String> fresh = cp.placements("web").stream()
                .map(Placement::id)
                .filter(id -> !old.contains(id) && !List.of(known).contains(id))
                .toList();
        assertThat(fresh).hasSize(1);
        return fresh.getFirst();
    }
}
