package dev.gantry.server.releases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.api.Backend;
import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.HistoryEvent;
import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import dev.gantry.server.apps.Placement;
import dev.gantry.server.store.TestRedis;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blue-green on the deploy engine, a real Redis, a manual clock and a fake agent: each test starts from app {@code
 * web} live at release 1 on two READY instances and deploys release 2 blue-green, checking every route table the
 * control plane made.
 */
class BlueGreenRolloutTest {
    static TestRedis redis;

    @TempDir
    Path dir;

    TestControlPlane cp;
    List<String> blue;
    final List<RouteTable> tables = new ArrayList<>();

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
        assertThat(cp.finish(cp.deploy(RollingUpdateTest.yml("v1"))).state()).isEqualTo(DeploymentState.SUCCEEDED);
        blue = ids(cp.placements("web"));
        cp.tables.onChange(tables::add);
    }

    @AfterEach
    void close() {
        cp.close();
    }

    @Test
    void theWholeNewSetStartsUnroutedThenTakesAllTrafficInOneRouteTableAndTheOldSetStandsBy() throws Exception {
        cp.agent.readyByItself(false);
        DeploymentAccepted d = cp.deploy(blueGreen(""));
        cp.runDue();
        List<String> green = newIds();
        assertThat(green).hasSize(2);
        assertThat(green).allSatisfy(id -> assertThat(placement(id).draining()).isTrue());
        cp.agent.ready(green.get(0));
        cp.runDue();
        assertThat(weights()).containsEntry(green.get(0), 0).containsEntry(blue.get(0), 100);
        assertThat(cp.view(d).state()).isEqualTo(DeploymentState.ROLLING_OUT);

        cp.agent.ready(green.get(1));
        cp.runDue();

        Deployment done = cp.view(d);
        assertThat(done.state()).as(done.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(done.message()).isEqualTo("web release 2 is live");
        RouteTable switched = tables.getLast();
        assertThat(backends(switched))
                .extracting(Backend::release, Backend::weight)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(1, 0),
                        org.assertj.core.groups.Tuple.tuple(1, 0),
                        org.assertj.core.groups.Tuple.tuple(2, 100),
                        org.assertj.core.groups.Tuple.tuple(2, 100));
        assertThat(tables)
                .as("every table routes one release only: no table in between")
                .allSatisfy(t -> assertThat(backends(t).stream()
                                .filter(b -> b.weight() > 0)
                                .map(Backend::release)
                                .distinct())
                        .hasSize(1));
        assertThat(cp.store.app("web").orElseThrow().release()).isEqualTo(2);
        assertThat(ids(cp.placements("web"))).containsAll(blue).containsAll(green);
        assertThat(done.lines()).anyMatch(l -> l.startsWith("release 1 stands by on " + blue.get(0)));
    }

    @Test
    void theStandbyIsStoppedWhenItsRollbackWindowEnds() throws Exception {
        Deployment done = cp.finish(cp.deploy(blueGreen("rollbackWindow: 10m")));
        assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);

        cp.advance(Duration.ofMinutes(10).minusSeconds(5));
        assertThat(ids(cp.placements("web"))).containsAll(blue);

        cp.advance(Duration.ofSeconds(5));
        assertThat(ids(cp.placements("web"))).doesNotContainAnyElementsOf(blue).hasSize(2);
        assertThat(history())
                .anyMatch(l -> l.startsWith("stopped the standby of release 1 (" + blue.get(0))
                        && l.endsWith("its rollback window is over"));
    }

    @Test
    void aRestartedControlPlaneKeepsTheStandbyAndStillStopsItAtTheEndOfTheWindow() throws Exception {
        cp.finish(cp.deploy(blueGreen("rollbackWindow: 10m")));
        cp = cp.restart();
        cp.advance(Duration.ofMinutes(9));
        assertThat(ids(cp.placements("web"))).containsAll(blue);

        cp.advance(Duration.ofMinutes(1));
        assertThat(ids(cp.placements("web"))).doesNotContainAnyElementsOf(blue);
    }

    @Test
    void aRollbackInsideTheWindowSwitchesBackToTheStandbyInOneTableWithoutStartingAnInstance() throws Exception {
        cp.finish(cp.deploy(blueGreen("")));
        List<String> green = newIds();
        List<String> before = ids(cp.placements("web"));

        DeploymentAccepted back = cp.deployer.rollback("web", null, "admin");
        cp.runDue();

        Deployment done = cp.view(back);
        assertThat(done.state()).as(done.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(done.message()).isEqualTo("switched back to release 1 (blue-green standby); web release 1 is live");
        assertThat(ids(cp.placements("web"))).as("nothing started").containsExactlyInAnyOrderElementsOf(before);
        assertThat(weights())
                .containsEntry(blue.get(0), 100)
                .containsEntry(blue.get(1), 100)
                .containsEntry(green.get(0), 0)
                .containsEntry(green.get(1), 0);
        assertThat(history()).contains("switched back to release 1 (blue-green standby)");
        assertThat(cp.store.app("web").orElseThrow().release()).isEqualTo(1);

        cp.advance(TestControlPlane.DRAIN);
        assertThat(ids(cp.placements("web")))
                .as("the set that was live is drained, then stopped")
                .containsExactlyInAnyOrderElementsOf(blue);
    }

    @Test
    void aRollbackOutsideTheWindowRedeploysThePreviousRelease() throws Exception {
        cp.finish(cp.deploy(blueGreen("rollbackWindow: 1m")));
        cp.advance(Duration.ofMinutes(2));

        Deployment done = cp.finish(cp.deployer.rollback("web", null, "admin"));

        assertThat(done.state()).as(done.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(done.message()).isEqualTo("web release 1 is live");
        assertThat(cp.placements("web")).hasSize(2).noneMatch(p -> blue.contains(p.id()));
    }

    @Test
    void aNewDeployWhileAStandbyExistsStopsTheStandbyFirst() throws Exception {
        cp.finish(cp.deploy(blueGreen("")));

        Deployment third = cp.finish(cp.deploy(RollingUpdateTest.yml("v3")));

        assertThat(third.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(cp.placements("web")).hasSize(2).allMatch(p -> p.spec().release() == 3);
        assertThat(history())
                .anyMatch(l -> l.startsWith("stopped the standby of release 1")
                        && l.endsWith("deploy of release 3 started (deployment " + third.id() + ")"));
    }

    @Test
    void verifyAsksEveryNewInstanceDirectlyAndSwitchesWhenAllAnswer2xx() throws Exception {
        try (Smoke smoke = new Smoke(200, "ok")) {
            cp.agent.port(smoke.port());
            DeploymentAccepted d = cp.deploy(blueGreen("verify: /smoke"));
            Deployment done = awaitEnd(d);
            assertThat(done.state()).as(done.toString()).isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(smoke.calls).isEqualTo(2);
            assertThat(done.lines()).contains("verified: every new instance answered /smoke with 2xx");
        }
    }

    @Test
    void aFailedVerifyFailsTheDeployNamingTheInstanceTheStatusAndTheBodyAndRemovesTheNewSet() throws Exception {
        try (Smoke smoke = new Smoke(503, "database not warmed up\n")) {
            cp.agent.port(smoke.port());
            DeploymentAccepted d = cp.deploy(blueGreen("verify: /smoke"));
            Deployment done = awaitEnd(d);

            assertThat(done.state()).isEqualTo(DeploymentState.FAILED);
            assertThat(done.message())
                    .matches("verify failed: instance web-r2-\\w{4}: GET http://127.0.0.1:" + smoke.port()
                            + "/smoke answered 503: database not warmed up; the previous instances keep serving");
            assertThat(ids(cp.placements("web"))).containsExactlyInAnyOrderElementsOf(blue);
            assertThat(weights()).containsOnlyKeys(blue).containsValues(100);
        }
    }

    @Test
    void manualWaitsForPromoteWithoutADeadlineThenSwitches() throws Exception {
        DeploymentAccepted d = cp.deploy(blueGreen("verify: manual"));
        cp.runDue();
        cp.advance(Duration.ofHours(2));
        DeploymentRecord waiting = record(d);
        assertThat(waiting.step()).isEqualTo(Step.PROMOTION);
        assertThat(weights().values()).containsExactlyInAnyOrder(100, 100, 0, 0);

        cp.deployer.promote("web", false, "alice");
        cp.runDue();

        Deployment done = cp.view(d);
        assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(done.lines()).contains("promoted by alice");
        assertThatThrownBy(() -> cp.deployer.rollingUpdate().promote(record(d), "alice"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("nothing to promote: deployment " + d.deployment() + " of web is in step DONE");
    }

    @Test
    void aRestartedControlPlaneKeepsWaitingForPromoteWithoutADeadline() throws Exception {
        DeploymentAccepted d = cp.deploy(blueGreen("verify: manual"));
        cp.runDue();
        cp = cp.restart();
        cp.agent.readyByItself(true);
        cp.advance(Duration.ofMinutes(30));
        assertThat(record(d).step()).isEqualTo(Step.PROMOTION);

        cp.deployer.promote("web", false, "alice");
        cp.runDue();
        assertThat(cp.view(d).state()).isEqualTo(DeploymentState.SUCCEEDED);
    }

    @Test
    void aNewInstanceThatRefusesTheVerifyConnectionFailsTheDeployNamingIt() throws Exception {
        int closed;
        try (Smoke gone = new Smoke(200, "")) {
            closed = gone.port();
        }
        cp.agent.port(closed);
        Deployment done = awaitEnd(cp.deploy(blueGreen("verify: /smoke")));

        assertThat(done.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(done.message())
                .startsWith("verify failed: instance web-r2-")
                .contains("GET http://127.0.0.1:" + closed + "/smoke failed: ConnectException");
        assertThat(ids(cp.placements("web"))).containsExactlyInAnyOrderElementsOf(blue);
    }

    @Test
    void cancellingAManualBlueGreenRemovesTheNewSetAndTheOldOneNeverStoppedServing() throws Exception {
        DeploymentAccepted d = cp.deploy(blueGreen("verify: manual"));
        cp.runDue();
        cp.deployer.cancel(d.deployment(), "bob");
        Deployment done = cp.finish(d);

        assertThat(done.state()).isEqualTo(DeploymentState.CANCELLED);
        assertThat(ids(cp.placements("web"))).containsExactlyInAnyOrderElementsOf(blue);
        assertThat(tables)
                .allSatisfy(t -> assertThat(backends(t))
                        .filteredOn(b -> blue.contains(b.id()))
                        .extracting(Backend::weight)
                        .containsOnly(100));
    }

    /** Runs the steps until the verify calls (real HTTP, on other threads) have answered, then to the end. */
    private Deployment awaitEnd(DeploymentAccepted d) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            cp.runDue();
            Step step = record(d).step();
            return step != Step.VERIFYING && step != Step.STARTING;
        });
        return cp.finish(d);
    }

    private DeploymentRecord record(DeploymentAccepted d) {
        return new DeploymentStore(cp.redis).get(d.deployment()).orElseThrow();
    }

    static String blueGreen(String options) {
        return RollingUpdateTest.yml("v2") + "strategy:\n  blueGreen: { " + options + " }\n";
    }

    private List<String> newIds() {
        return ids(cp.placements("web")).stream()
                .filter(id -> !blue.contains(id))
                .toList();
    }

    private Placement placement(String id) {
        return cp.store.placement(id).orElseThrow(() -> new AssertionError(id + " is not placed"));
    }

    private Map<String, Integer> weights() {
        return backends(cp.tables.refresh()).stream().collect(Collectors.toMap(Backend::id, Backend::weight));
    }

    private static List<Backend> backends(RouteTable table) {
        return table.routes().stream()
                .filter(r -> r.app().equals("web"))
                .map(Route::backends)
                .findFirst()
                .orElse(List.of());
    }

    private List<String> history() {
        return cp.store.history("web", 100).stream().map(HistoryEvent::detail).toList();
    }

    private static List<String> ids(List<Placement> placements) {
        return placements.stream().map(Placement::id).toList();
    }

    /** A real verify endpoint: answers GET /smoke with a fixed status and body, counting the calls. */
    static final class Smoke implements AutoCloseable {
        final HttpServer server;
        volatile int calls;

        Smoke(int status, String body) throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/smoke", exchange -> {
                calls++;
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
