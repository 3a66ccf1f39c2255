package dev.gantry.server.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Backend;
import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.Route;
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

/**
 * Rolling updates with maxSurge and maxUnavailable on the deploy engine (real Redis, manual clock, fake agent): app
 * {@code web} is live at release 1 on three instances; each test deploys release 2 and counts, after every event, the
 * instances placed and those routed with a weight.
 */
class RollingLimitsTest {
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
    void webIsLiveOnThreeInstances() throws Exception {
        cp = TestControlPlane.fresh(redis.uri(), dir, 10);
        cp.agent.readyByItself(true);
        assertThat(cp.finish(cp.deploy(yml(""))).state()).isEqualTo(DeploymentState.SUCCEEDED);
        old = cp.placements("web").stream().map(Placement::id).toList();
    }

    @AfterEach
    void close() {
        cp.close();
    }

    @Test
    void maxSurgeTwoStartsTwoNewInstancesAtATimeAndNeverRoutesFewerThanThree() throws Exception {
        cp.agent.readyByItself(false);
        DeploymentAccepted d = cp.deploy(yml("strategy: { rolling: { maxSurge: 2, maxUnavailable: 0 } }\n"));
        cp.runDue();
        assertThat(fresh()).hasSize(2);
        assertThat(routed()).isEqualTo(3);
        cp.agent.readyByItself(true);
        fresh().forEach(cp.agent::ready);

        Counts counts = finishCounting(d);

        assertThat(counts.mostPlaced).isEqualTo(5);
        assertThat(counts.fewestRouted).isEqualTo(3);
    }

    @Test
    void maxUnavailableOneWithoutSurgeDrainsOneOldInstanceFirstAndNeverPlacesMoreThanThree() throws Exception {
        DeploymentAccepted d = cp.deploy(yml("strategy: { rolling: { maxSurge: 0, maxUnavailable: 1 } }\n"));
        cp.runDue();
        assertThat(fresh()).isEmpty();
        assertThat(cp.store.placement(old.getFirst()).orElseThrow().draining()).isTrue();

        Counts counts = finishCounting(d);

        assertThat(counts.mostPlaced).isEqualTo(3);
        assertThat(counts.fewestRouted).isEqualTo(2);
    }

    @Test
    void theDefaultReplacesOneAtATime() throws Exception {
        Counts counts = finishCounting(cp.deploy(yml("")));

        assertThat(counts.mostPlaced).isEqualTo(4);
        assertThat(counts.fewestRouted).isEqualTo(3);
    }

    record Counts(int mostPlaced, int fewestRouted) {}

    /** Runs the deploy to its end one event batch at a time, counting after each. */
    private Counts finishCounting(DeploymentAccepted d) {
        int most = 0;
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < 600 && !cp.view(d).state().done(); i++) {
            cp.agent.report();
            if (cp.builds.runDue() + cp.engine.runDue() == 0) cp.engine.advance(Duration.ofMillis(100));
            most = Math.max(most, cp.placements("web").size());
            fewest = Math.min(fewest, routed());
        }
        Deployment done = cp.view(d);
        assertThat(done.state()).as(done.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(cp.placements("web")).hasSize(3).allMatch(p -> p.spec().release() == 2);
        return new Counts(most, fewest);
    }

    private List<String> fresh() {
        return cp.placements("web").stream()
                .map(Placement::id)
                .filter(id -> !old.contains(id))
                .toList();
    }

    private int routed() {
        return (int) cp.tables.refresh().routes().stream()
                .filter(r -> r.app().equals("web"))
                .map(Route::backends)
                .flatMap(List::stream)
                .filter(b -> b.weight() > 0)
                .map(Backend::id)
                .count();
    }

    private static String yml(String strategy) {
        return "name: web\nrun: ./serve\ninstances: 3\nhealth_timeout: 5s\nroute: { host: web.localhost }\n" + strategy;
    }
}
