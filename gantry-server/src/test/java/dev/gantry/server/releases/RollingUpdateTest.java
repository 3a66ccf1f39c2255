package dev.gantry.server.releases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.AppSpec;
import dev.gantry.api.Backend;
import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.InstanceState;
import dev.gantry.api.Release;
import dev.gantry.api.ReleaseStatus;
import dev.gantry.api.Route;
import dev.gantry.server.apps.Placement;
import dev.gantry.server.store.TestRedis;
import dev.gantry.server.web.ApiException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rolling update as a state machine on a real Redis, a manual clock and a fake agent: each test
 * starts from app {@code web} live at release 1 on two READY instances, drives a deploy of release 2
 * event by event, and checks what runs, what is routed and what Redis says.
 */
class RollingUpdateTest {
    static TestRedis redis;

    @TempDir
    Path dir;

    TestControlPlane cp;
    List<String> old;

    @BeforeAll
    static void startRedis(@TempDir Path redisDir) throws Exception {
        redis = TestRedis.primary(redisDir);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void webIsLiveAtReleaseOneOnTwoInstances() throws Exception {
        cp = TestControlPlane.fresh(redis.uri(), dir, 10);
        cp.agent.readyByItself(true);
        Deployment first = cp.finish(cp.deploy(yml("v1")));
        assertThat(first.state()).as(first.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        cp.agent.readyByItself(false);
        old = ids(cp.placements("web"));
        assertThat(old).hasSize(2);
    }

    @AfterEach
    void close() {
        cp.close();
    }

    @Test
    void eachOldInstanceIsDrainedOnlyOnceANewOneIsReadyAndStoppedAfterTheDrainDelay() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2"));
        cp.runDue();
        String new1 = onlyNew();
        assertThat(cp.view(d).state()).isEqualTo(DeploymentState.ROLLING_OUT);
        assertThat(placement(old.get(0)).draining()).isFalse();

        cp.agent.ready(new1);
        cp.runDue();
        assertThat(placement(old.get(0)).draining()).isTrue();
        assertThat(backends())
                .extracting(Backend::id, Backend::weight)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(old.get(0), 0),
                        org.assertj.core.groups.Tuple.tuple(new1, 100));

        cp.advance(TestControlPlane.DRAIN);
        assertThat(cp.store.placement(old.get(0))).isEmpty();
        String new2 = onlyNew(new1);
        cp.agent.ready(new2);
        cp.runDue();
        cp.advance(TestControlPlane.DRAIN);

        Deployment done = cp.view(d);
        assertThat(done.state()).as(done.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(done.message()).isEqualTo("web release 2 is live");
        assertThat(done.lines())
                .contains(
                        "starting " + new1 + " on h1",
                        new1 + " is READY",
                        "draining " + old.get(0),
                        "stopped " + old.get(0),
                        "succeeded: web release 2 is live");
        assertThat(ids(cp.placements("web"))).containsExactly(new1, new2);
        assertThat(cp.store.app("web").orElseThrow().release()).isEqualTo(2);
        assertThat(cp.store.release("web", 2).orElseThrow().deployedAt()).isEqualTo(cp.clock.millis());
        assertThat(backends()).extracting(Backend::release).containsOnly(2);
        assertThat(cp.deployer.scale("web", 2, "admin"))
                .as("the app is free again")
                .isNotNull();
    }

    @Test
    void aNewInstanceThatFailsRestoresTheOldInstancesAlreadyStoppedAndRemovesTheNewOnes() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2"));
        cp.runDue();
        String new1 = onlyNew();
        cp.agent.ready(new1);
        cp.runDue();
        cp.advance(TestControlPlane.DRAIN);
        String new2 = onlyNew(new1);

        cp.agent.crash(new2, "exited with code 3");
        cp.runDue();
        assertThat(cp.store.placement(new2)).as("never ready: removed at once").isEmpty();
        Placement copy = cp.placements("web").stream()
                .filter(p -> p.spec().release() == 1 && !old.contains(p.id()))
                .findFirst()
                .orElseThrow();
        assertThat(copy.spec().command())
                .isEqualTo(cp.store.release("web", 1).orElseThrow().spec().run());
        assertThat(cp.store.placement(new1))
                .as("serves until the restored one is ready")
                .isPresent();

        cp.agent.ready(copy.id());
        cp.runDue();
        assertThat(placement(new1).draining()).isTrue();
        cp.advance(TestControlPlane.DRAIN);

        Deployment done = cp.view(d);
        assertThat(done.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(done.message())
                .isEqualTo("instance " + new2
                        + " failed: CRASH_LOOP, exited with code 3; the previous instances keep serving");
        assertThat(done.lines()).contains("restoring " + old.get(0) + " as " + copy.id() + " on h1");
        assertThat(cp.placements("web")).hasSize(2).allMatch(p -> p.spec().release() == 1 && !p.draining());
        assertThat(backends()).hasSize(2).extracting(Backend::release).containsOnly(1);
        Release two = cp.store.release("web", 2).orElseThrow();
        assertThat(two.status()).isEqualTo(ReleaseStatus.FAILED);
        assertThat(two.message()).isEqualTo("rollout failed: " + done.message());
        assertThat(cp.store.app("web").orElseThrow().release()).isEqualTo(1);
    }

    @Test
    void aNewInstanceKilledByItsMemoryLimitFailsTheDeployWithTheAgentsMessage() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2"));
        cp.runDue();
        String new1 = onlyNew();

        cp.agent.set(
                new1, InstanceState.OOM, "killed by its memory limit of 64Mi (OOM, exit code 137), restarting in 1s");
        cp.runDue();

        Deployment done = cp.view(d);
        assertThat(done.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(done.message())
                .isEqualTo("instance " + new1 + " failed: OOM, killed by its memory limit of 64Mi (OOM, exit code 137),"
                        + " restarting in 1s; the previous instances keep serving");
        assertThat(ids(cp.placements("web"))).containsExactlyElementsOf(old);
    }

    @Test
    void newInstancesCarryTheResourcesAndUserOfTheirGantryYml() throws Exception {
        cp.agent.readyByItself(true);
        DeploymentAccepted d = cp.deploy(yml("v2") + "resources: { memory: 256Mi, cpu: 0.5 }\nuser: web-user\n");
        assertThat(cp.finish(d).state()).isEqualTo(DeploymentState.SUCCEEDED);

        assertThat(cp.placements("web")).hasSize(2).allSatisfy(p -> {
            assertThat(p.spec().resources()).isEqualTo(new AppSpec.Resources(256L << 20, 0.5));
            assertThat(p.spec().user()).isEqualTo("web-user");
        });
        assertThat(cp.store.app("web").orElseThrow().spec().resources().memoryBytes())
                .isEqualTo(256L << 20);
    }

    @Test
    void anInstanceNotReadyByTheHealthTimeoutFailsTheDeployAndTheOldInstancesKeepServing() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2"));
        cp.runDue();
        String new1 = onlyNew();
        cp.advance(Duration.ofMillis(4_999));
        assertThat(cp.view(d).state()).isEqualTo(DeploymentState.ROLLING_OUT);

        cp.advance(Duration.ofMillis(1));
        Deployment done = cp.view(d);
        assertThat(done.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(done.message())
                .isEqualTo("instance " + new1 + " did not become ready within 5s (last state STARTING);"
                        + " the previous instances keep serving");
        assertThat(ids(cp.placements("web"))).containsExactlyElementsOf(old);
        assertThat(backends()).extracting(Backend::id).containsExactlyInAnyOrderElementsOf(old);
    }

    @Test
    void cancellingWhileAnOldInstanceDrainsPutsItBackAndRemovesTheNewOne() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2"));
        cp.runDue();
        String new1 = onlyNew();
        cp.agent.ready(new1);
        cp.runDue();
        assertThat(placement(old.get(0)).draining()).isTrue();

        assertThat(cp.deployer.cancel(d.deployment(), "alice")).isEqualTo(d);
        cp.runDue();
        assertThat(placement(old.get(0)).draining()).isFalse();
        assertThat(placement(new1).draining()).isTrue();
        cp.advance(TestControlPlane.DRAIN);

        Deployment done = cp.view(d);
        assertThat(done.state()).isEqualTo(DeploymentState.CANCELLED);
        assertThat(done.message()).isEqualTo("cancelled by alice during DRAINING; the previous instances keep serving");
        assertThat(ids(cp.placements("web"))).containsExactlyElementsOf(old);
        assertThat(cp.store.release("web", 2).orElseThrow().status()).isEqualTo(ReleaseStatus.FAILED);
        assertThatThrownBy(() -> cp.deployer.cancel(d.deployment(), "alice"))
                .isInstanceOf(ApiException.class)
                .hasMessage("deployment " + d.deployment() + " has already ended: CANCELLED");
    }

    @Test
    void cancellingAnAppCancelsTheDeploymentThatHoldsItAndAnAppWithNoneRunningIs409() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2"));
        cp.runDue();

        assertThat(cp.deployer.cancelRunning("web", "alice")).isEqualTo(d);
        cp.runDue();
        assertThat(cp.view(d).state()).isEqualTo(DeploymentState.CANCELLED);
        assertThat(cp.view(d).message())
                .isEqualTo("cancelled by alice during STARTING; the previous instances keep serving");

        assertThatThrownBy(() -> cp.deployer.cancelRunning("web", "alice"))
                .isInstanceOf(ApiException.class)
                .hasMessage("no operation on web is in progress; nothing to cancel")
                .extracting(e -> ((ApiException) e).status())
                .isEqualTo(409);
        assertThatThrownBy(() -> cp.deployer.cancelRunning("nosuchapp", "alice"))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).status())
                .isEqualTo(404);
    }

    @Test
    void cancellingBeforeTheBuildRunsStartsNothing() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2"));
        cp.deployer.cancel(d.deployment(), "alice");
        cp.engine.runDue();
        cp.runDue();

        Deployment done = cp.view(d);
        assertThat(done.state()).isEqualTo(DeploymentState.CANCELLED);
        assertThat(done.message()).isEqualTo("cancelled by alice during BUILDING; the previous instances keep serving");
        assertThat(ids(cp.placements("web"))).containsExactlyElementsOf(old);
        assertThat(cp.store.release("web", 2).orElseThrow().status()).isEqualTo(ReleaseStatus.FAILED);
    }

    @Test
    void aSecondOperationWhileOneRunsGets409NamingTheRunningOneAndTakesNoReleaseNumber() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2"));
        cp.runDue();

        assertThatThrownBy(() -> cp.deployer.scale("web", 3, "bob"))
                .isInstanceOf(ApiException.class)
                .hasMessage("an operation on web is in progress: deployment " + d.deployment()
                        + " (deploy of release 2, STARTING)")
                .extracting(e -> ((ApiException) e).status())
                .isEqualTo(409);
        assertThatThrownBy(() -> cp.deploy(yml("v3")))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining(d.deployment());
        assertThatThrownBy(() -> cp.deployer.delete("web", "bob"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining(d.deployment());
        assertThat(cp.store.releases("web")).hasSize(2);
    }

    @Test
    void aControlPlaneRestartedWhileANewInstanceStartsResumesTheRolloutAndFinishesIt() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2"));
        cp.runDue();
        String new1 = onlyNew();
        cp.clock.advance(Duration.ofSeconds(2));

        cp = cp.restart();
        cp.runDue();
        assertThat(cp.view(d).state()).isEqualTo(DeploymentState.ROLLING_OUT);
        cp.agent.ready(new1);
        cp.runDue();
        cp.advance(TestControlPlane.DRAIN);
        cp.agent.ready(onlyNew(new1));
        Deployment done = cp.finish(d);

        assertThat(done.state()).as(done.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(done.lines()).contains("control plane restarted; resuming at step STARTING");
        assertThat(cp.placements("web")).hasSize(2).allMatch(p -> p.spec().release() == 2);
    }

    @Test
    void aResumedWaitKeepsTheDeadlineItHadBeforeTheRestart() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2"));
        cp.runDue();
        cp.clock.advance(Duration.ofSeconds(3));

        cp = cp.restart();
        cp.runDue();
        cp.engine.advance(Duration.ofMillis(1_999));
        assertThat(cp.view(d).state()).isEqualTo(DeploymentState.ROLLING_OUT);
        cp.engine.advance(Duration.ofMillis(1));

        assertThat(cp.view(d).state()).isEqualTo(DeploymentState.FAILED);
        assertThat(cp.view(d).message()).contains("did not become ready within 5s");
        assertThat(ids(cp.placements("web"))).containsExactlyElementsOf(old);
    }

    @Test
    void anInstanceThatBecameReadyWhileTheControlPlaneWasDownCountsEvenPastTheDeadline() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2"));
        cp.runDue();
        String new1 = onlyNew();
        cp.agent.ready(new1);
        cp.clock.advance(Duration.ofSeconds(30));

        cp = cp.restart();
        cp.engine.runDue();

        assertThat(cp.view(d).state()).isEqualTo(DeploymentState.ROLLING_OUT);
        assertThat(placement(old.get(0)).draining()).isTrue();
        cp.agent.readyByItself(true);
        assertThat(cp.finish(d).state()).isEqualTo(DeploymentState.SUCCEEDED);
    }

    @Test
    void aControlPlaneRestartedDuringTheBuildFailsTheDeployWithTheReasonAndFreesTheApp() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2"));

        cp = cp.restart();
        cp.runDue();

        Deployment done = cp.view(d);
        assertThat(done.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(done.message()).isEqualTo("control plane restarted during step BUILDING; old instances kept");
        Release two = cp.store.release("web", 2).orElseThrow();
        assertThat(two.status()).isEqualTo(ReleaseStatus.FAILED);
        assertThat(two.message()).isEqualTo(done.message());
        assertThat(ids(cp.placements("web"))).containsExactlyElementsOf(old);
        assertThat(cp.deployer.scale("web", 2, "admin")).isNotNull();
    }

    @Test
    void aControlPlaneRestartedWhenTheInstanceItAwaitedIsGoneFailsAndRestoresTheOldInstances() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2"));
        cp.runDue();
        String new1 = onlyNew();
        cp.agent.ready(new1);
        cp.runDue();
        cp.advance(TestControlPlane.DRAIN);
        cp.store.remove(onlyNew(new1));

        cp = cp.restart();
        cp.agent.readyByItself(true);
        Deployment done = cp.finish(d);

        assertThat(done.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(done.message()).isEqualTo("control plane restarted during step STARTING; old instances kept");
        assertThat(cp.placements("web")).hasSize(2).allMatch(p -> p.spec().release() == 1 && !p.draining());
        assertThat(backends()).hasSize(2).extracting(Backend::release).containsOnly(1);
    }

    @Test
    void aStartReleasesAnAppLockNoRunningDeploymentHolds() throws Exception {
        cp.redis.sync().set("gantry:lock:web", "gone1234");

        cp = cp.restart();

        assertThat(cp.redis.sync().get("gantry:lock:web")).isNull();
        assertThat(cp.deployer.scale("web", 1, "admin")).isNotNull();
    }

    @Test
    void aFollowerWaitingForNewLinesIsAnsweredAsSoonAsOneIsWritten() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2"));
        cp.runDue();
        String new1 = onlyNew();
        int seen = cp.view(d).next();

        CompletableFuture<Deployment> poll = cp.deployer.deployment(d.deployment(), seen, Duration.ofSeconds(20));
        cp.builds.runDue();
        assertThat(poll).isNotDone();

        cp.agent.ready(new1);
        cp.runDue();
        Deployment answer = poll.getNow(null);
        assertThat(answer).isNotNull();
        assertThat(answer.lines()).startsWith(new1 + " is READY");
        assertThat(answer.next()).isGreaterThan(seen);
    }

    @Test
    void aFollowerWaitingWhileNothingHappensIsAnsweredWithNoLinesWhenTheWaitIsOver() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2"));
        cp.runDue();
        int seen = cp.view(d).next();

        CompletableFuture<Deployment> poll = cp.deployer.deployment(d.deployment(), seen, Duration.ofSeconds(2));
        cp.engine.advance(Duration.ofMillis(1_999));
        cp.builds.runDue();
        assertThat(poll).isNotDone();
        cp.engine.advance(Duration.ofMillis(1));
        cp.builds.runDue();

        assertThat(poll.getNow(null))
                .isNotNull()
                .satisfies(a -> assertThat(a.lines()).isEmpty())
                .satisfies(a -> assertThat(a.next()).isEqualTo(seen))
                .satisfies(a -> assertThat(a.state()).isEqualTo(DeploymentState.ROLLING_OUT));
    }

    @Test
    void aFollowerOfAnEndedDeploymentOrOneBehindItsLinesIsAnsweredAtOnce() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("v2"));
        cp.runDue();
        assertThat(cp.deployer.deployment(d.deployment(), 0, Duration.ofSeconds(20)))
                .as("lines past 0 exist")
                .isCompleted();

        Deployment done = cp.finish(d);
        assertThat(cp.deployer.deployment(d.deployment(), done.next(), Duration.ofSeconds(20)))
                .as("it has ended")
                .isCompletedWithValueMatching(a -> a.state().done() && a.lines().isEmpty());
        assertThatThrownBy(() -> cp.deployer.deployment("nosuchid", 0, Duration.ofSeconds(20)))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("nosuchid");
    }

    static String yml(String greeting) {
        return "name: web\nrun: ./serve " + greeting
                + "\ninstances: 2\nhealth_timeout: 5s\nroute: { host: web.localhost }\n";
    }

    private String onlyNew(String... known) {
        List<String> fresh = cp.placements("web").stream()
                .map(Placement::id)
                .filter(id -> !old.contains(id) && !List.of(known).contains(id))
                .toList();
        assertThat(fresh).hasSize(1);
        return fresh.getFirst();
    }

    private Placement placement(String id) {
        return cp.store.placement(id).orElseThrow(() -> new AssertionError(id + " is not placed"));
    }

    private List<Backend> backends() {
        Route web = cp.tables.refresh().routes().stream()
                .filter(r -> r.app().equals("web"))
                .findFirst()
                .orElseThrow();
        return web.backends();
    }

    private static List<String> ids(List<Placement> placements) {
        return placements.stream().map(Placement::id).toList();
    }
}
