package dev.gantry.server.releases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.HistoryEvent;
import dev.gantry.api.Release;
import dev.gantry.api.ReleaseStatus;
import dev.gantry.api.archive.Digest;
import dev.gantry.server.apps.Placement;
import dev.gantry.server.store.TestRedis;
import dev.gantry.server.web.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scale, stop, delete, rollback and pruning, through Deployer on a real Redis with a fake agent that is ready at once. */
class DeployerTest {
    static TestRedis redis;

    @TempDir
    Path dir;

    TestControlPlane cp;

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
        cp = TestControlPlane.fresh(redis.uri(), dir, 2);
        cp.agent.readyByItself(true);
        assertThat(deploy("v1").state()).isEqualTo(DeploymentState.SUCCEEDED);
    }

    @AfterEach
    void close() {
        cp.close();
    }

    @Test
    void aBuiltReleaseRecordsTheDigestOfItsStoredArtifactAndItsInstancesCarryIt() throws Exception {
        Release v1 = cp.store.release("web", 1).orElseThrow();
        Path artifact = cp.dataDir().resolve("artifacts/web/1.tar.gz");

        assertThat(v1.digest()).isEqualTo(Digest.sha256(artifact)).startsWith("sha256:");
        assertThat(cp.placements("web"))
                .hasSize(2)
                .allMatch(p -> v1.digest().equals(p.spec().digest()));
    }

    @Test
    void scalingUpStartsInstancesOfTheLiveReleaseAndScalingDownDrainsTheNewestOnes() {
        assertThat(cp.finish(cp.deployer.scale("web", 3, "admin")).message()).isEqualTo("web runs 3 instance(s)");
        assertThat(cp.placements("web")).hasSize(3).allMatch(p -> p.spec().release() == 1);
        Placement oldest = cp.placements("web").getFirst();

        Deployment down = cp.finish(cp.deployer.scale("web", 1, "admin"));

        assertThat(down.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(cp.placements("web")).containsExactly(oldest);
        assertThat(cp.store.app("web").orElseThrow().instances()).isEqualTo(1);
        assertThatThrownBy(() -> cp.deployer.scale("web", 101, "admin"))
                .hasMessage("instances: must be 0..100, was 101");
    }

    @Test
    void stoppingDrainsAndStopsEveryInstanceAndKeepsTheApp() {
        Deployment stopped = cp.finish(cp.deployer.stop("web", "admin"));

        assertThat(stopped.message()).isEqualTo("web stopped");
        assertThat(cp.placements("web")).isEmpty();
        assertThat(cp.store.app("web").orElseThrow().instances()).isZero();
        assertThat(cp.tables.refresh().routes())
                .singleElement()
                .satisfies(r -> assertThat(r.backends()).isEmpty());
    }

    @Test
    void deletingAnAppStopsItsInstancesThenRemovesItsRouteReleasesAndArtifactsAndKeepsItsHistory() {
        Path artifacts = cp.dataDir().resolve("artifacts/web");
        assertThat(artifacts).isDirectory();

        DeploymentAccepted accepted = cp.deployer.delete("web", "alice");
        cp.runDue();
        assertThat(cp.placements("web"))
                .as("drained first")
                .allMatch(Placement::draining)
                .hasSize(2);
        Deployment deleted = cp.finish(accepted);

        assertThat(deleted.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(deleted.message()).isEqualTo("web deleted: no instance, route, release or artifact is left");
        assertThat(cp.store.app("web")).isEmpty();
        assertThat(cp.store.apps()).isEmpty();
        assertThat(cp.store.placements()).isEmpty();
        assertThat(cp.store.releases("web")).isEmpty();
        assertThat(cp.tables.refresh().routes()).isEmpty();
        assertThat(artifacts).doesNotExist();
        assertThat(cp.dataDir().resolve("builds/web")).doesNotExist();
        assertThat(cp.store.history("web", 10)).extracting(HistoryEvent::action).contains("delete", "result");
        assertThatThrownBy(() -> cp.deployer.delete("web", "alice"))
                .isInstanceOf(ApiException.class)
                .hasMessage("app web not found");
    }

    @Test
    void anAppDeployedAgainAfterItsDeleteNeverReusesAReleaseNumber() throws Exception {
        cp.finish(cp.deployer.delete("web", "alice"));

        Deployment again = deploy("v1 again");

        assertThat(again.release()).isEqualTo(2);
        assertThat(cp.store.releases("web")).extracting(Release::number).containsExactly(2);
    }

    @Test
    void rollbackWithoutANumberGoesToTheReleaseLiveBeforeAndRefusesAPrunedOne() throws Exception {
        deploy("v2");
        deploy("v3");
        deploy("v4");

        assertThat(cp.store.release("web", 1).orElseThrow().pruned()).isTrue();
        assertThat(cp.dataDir().resolve("artifacts/web/1.tar.gz")).doesNotExist();
        assertThat(cp.dataDir().resolve("builds/web/1")).doesNotExist();
        assertThat(cp.dataDir().resolve("builds/web/1.log"))
                .as("the build log stays")
                .exists();
        assertThat(cp.store.release("web", 2).orElseThrow().pruned()).isTrue();
        assertThat(cp.dataDir().resolve("artifacts/web/3.tar.gz"))
                .as("the rollback target")
                .exists();
        assertThatThrownBy(() -> cp.deployer.rollback("web", 1, "admin"))
                .isInstanceOf(ApiException.class)
                .hasMessage(
                        "release 1 of web was pruned (keepReleases): its artifact is deleted; deploy its source again");

        Deployment back = cp.finish(cp.deployer.rollback("web", null, "admin"));

        assertThat(back.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(back.release()).isEqualTo(3);
        assertThat(cp.store.app("web").orElseThrow().release()).isEqualTo(3);
        assertThat(cp.placements("web")).hasSize(2).allMatch(p -> p.spec().release() == 3);
    }

    @Test
    void aFailedBuildFailsTheDeployWithItsReasonAndKeepsItsOutputInTheLogAndTheBuildLog() throws Exception {
        Deployment failed = cp.finish(cp.deploy(RollingUpdateTest.yml("v2") + "build: echo compiling; exit 7\n"));

        assertThat(failed.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(failed.message()).isEqualTo("build failed (exit code 7): echo compiling; exit 7");
        assertThat(failed.lines()).contains("building: echo compiling; exit 7", "compiling");
        assertThat(Files.readString(cp.dataDir().resolve("builds/web/2.log"))).contains("compiling");
        Release two = cp.store.release("web", 2).orElseThrow();
        assertThat(two.status()).isEqualTo(ReleaseStatus.FAILED);
        assertThat(two.message()).isEqualTo(failed.message());
        assertThat(cp.placements("web")).hasSize(2).allMatch(p -> p.spec().release() == 1);
    }

    @Test
    void theTestRunsBeforeTheBuildAndAFailingTestStopsItBeforeAnyBuild() throws Exception {
        String steps = "test: echo testing-now\nbuild: echo building-now\n";
        Deployment passed = cp.finish(cp.deploy(RollingUpdateTest.yml("v2") + steps));

        assertThat(passed.state()).as(passed.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(passed.lines())
                .containsSubsequence("testing: echo testing-now", "testing-now", "building: echo building-now");

        Deployment failed = cp.finish(
                cp.deploy(RollingUpdateTest.yml("v3") + "test: echo red; exit 3\nbuild: echo building-now\n"));

        assertThat(failed.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(failed.message()).isEqualTo("tests failed (exit code 3): echo red; exit 3");
        assertThat(failed.lines()).contains("red").noneMatch(l -> l.contains("building"));
        assertThat(cp.placements("web")).hasSize(2).allMatch(p -> p.spec().release() == 2);
    }

    @Test
    void unknownAppsAndDeploymentsAre404() {
        assertThatThrownBy(() -> cp.deployer.scale("nope", 1, "admin")).hasMessage("app nope not found");
        assertThatThrownBy(() -> cp.deployer.stop("nope", "admin")).hasMessage("app nope not found");
        assertThatThrownBy(() -> cp.deployer.deployment("nope", 0)).hasMessage("deployment nope not found");
        assertThatThrownBy(() -> cp.deployer.cancel("nope", "admin")).hasMessage("deployment nope not found");
    }

    private Deployment deploy(String greeting) throws Exception {
        Deployment d = cp.finish(cp.deploy(RollingUpdateTest.yml(greeting)));
        assertThat(d.state()).as(d.toString()).isIn(DeploymentState.SUCCEEDED, DeploymentState.FAILED);
        return d;
    }
}
