package dev.gantry.server.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Backend;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.HistoryEvent;
import dev.gantry.server.apps.Placement;
import dev.gantry.server.store.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host whose agent falls silent leaves the routes and its instances are placed on the others. */
class HostFailoverTest {
    static TestRedis redis;

    @TempDir
    Path dir;

    TestControlPlane cp;
    FakeAgent h2;

    @BeforeAll
    static void startRedis(@TempDir Path redisDir) throws Exception {
        redis = TestRedis.primary(redisDir);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void webRunsOnTwoHosts() throws Exception {
        cp = TestControlPlane.fresh(redis.uri(), dir, 2);
        cp.agent.readyByItself(true);
        h2 = new FakeAgent("h2", cp.fleet, cp.store, cp.clock).readyByItself(true);
        h2.report();
        var accepted = cp.deploy(RollingUpdateTest.yml("v1"));
        for (int i = 0; i < 60 && !cp.view(accepted).state().done(); i++) {
            h2.report();
            cp.advance(Duration.ofSeconds(1));
        }
        h2.report();
        assertThat(cp.view(accepted).state()).isEqualTo(DeploymentState.SUCCEEDED);
    }

    @AfterEach
    void close() {
        cp.close();
    }

    @Test
    void anAppsInstancesSpreadOverTheHosts() {
        assertThat(cp.placements("web")).extracting(Placement::host).containsExactlyInAnyOrder("h1", "h2");
    }

    @Test
    void aSilentHostLeavesTheRoutesAndItsInstanceComesBackOnAnother() {
        String moved = hostOf("h2");
        cp.advance(Duration.ofMillis(2_000));
        cp.deployer.checkHosts();
        assertThat(cp.deployer.routable(cp.fleet.agents()))
                .as("silent 2 s: not lost yet")
                .hasSize(2);

        cp.advance(Duration.ofMillis(1_000));
        cp.deployer.checkHosts();
        assertThat(backends()).as("h2 leaves the routes at once").noneMatch(b -> b.id().equals(moved));
        cp.runDue();

        assertThat(cp.placements("web")).extracting(Placement::host).containsOnly("h1");
        assertThat(cp.store.placement(moved)).map(Placement::host).hasValue("h1");
        assertThat(backends())
                .as("the moved instance serves from h1 once ready")
                .hasSize(2);
        assertThat(cp.store.history("web", 10))
                .extracting(HistoryEvent::action, HistoryEvent::detail)
                .contains(org.assertj.core.groups.Tuple.tuple(
                        "failover", "host h2 lost (silent over 2500 ms): instance " + moved + " placed on h1"));

        h2.report();
        cp.deployer.checkHosts();
        assertThat(cp.deployer.routable(cp.fleet.agents()))
                .as("h2 is back; its agent no longer has the moved instance to run")
                .hasSize(2);
        assertThat(cp.store.placement(moved)).map(Placement::host).hasValue("h1");
    }

    @Test
    void whenEveryHostIsSilentNothingMovesAndTheRoutesStay() {
        cp.engine.advance(Duration.ofSeconds(10));
        cp.deployer.checkHosts();
        cp.engine.runDue();
        assertThat(cp.placements("web")).extracting(Placement::host).containsExactlyInAnyOrder("h1", "h2");
        assertThat(backends()).hasSize(2);
    }

    @Test
    void anAppWhoseDeploymentRunsIsLeftToItUntilItEnds() {
        String moved = hostOf("h2");
        DeploymentStore locks = new DeploymentStore(cp.redis);
        assertThat(locks.lock("web", "someone-else")).isTrue();
        cp.advance(Duration.ofSeconds(3));
        cp.deployer.checkHosts();
        cp.runDue();
        assertThat(cp.store.placement(moved)).map(Placement::host).hasValue("h2");
        assertThat(backends()).as("but h2 is out of the routes").noneMatch(b -> b.id().equals(moved));

        locks.unlock("web", "someone-else");
        cp.deployer.checkHosts();
        cp.runDue();
        assertThat(cp.store.placement(moved)).map(Placement::host).hasValue("h1");
    }

    private String hostOf(String host) {
        return cp.placements("web").stream()
                .filter(p -> p.host().equals(host))
                .findFirst()
                .orElseThrow()
                .id();
    }

    private List<Backend> backends() {
        return cp.tables.refresh().routes().getFirst().backends();
    }
}
