package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.Backend;
import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import dev.gantry.api.RouterReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterCanaryFailureTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables.reversed()) c.close();
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }

    private Router router() throws Exception {
        return track(Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(2)
                .healthInterval(Duration.ofMillis(200))
                .build()
                .start());
    }

    private static RouteTable table(long version, Route.CanarySplit split, Backend... backends) {
        return table(version, "other.localhost", split, backends);
    }

    /** The split app's route, and an unrelated one on {@code otherHost}. */
    private static RouteTable table(long version, String otherHost, Route.CanarySplit split, Backend... backends) {
        return new RouteTable(
                version,
                List.of(
                        new Route("web", "shop.localhost", "/", "/health", List.of(backends)).withCanary(split),
                        new Route("other", otherHost, "/", "/health", List.of(backends[0]))));
    }

    @Test
    void killingTheCanaryUnderLoadFailsNoRequestAndSendsEverythingToStableWithinASecond() throws Exception {
        FakeBackend stable = track(new FakeBackend("stable"));
        BackendProcess canary = track(new BackendProcess("canary", 0));
        Router router = router();
        router.update(table(1, new Route.CanarySplit(2, 30, true, 0), stable.backend(100, 1), canary.backend(100, 2)));
        try (LoadLoop load = new LoadLoop(router.port(), "shop.localhost", 8)) {
            await().atMost(PATIENCE).until(() -> requests(router, "canary") > 300);
            canary.kill();
            long killedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(1))
                    .until(() -> !router.stats().backend("canary").orElseThrow().healthy());
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(1));
            long canaryAfterEjection = requests(router, "canary");
            int okAfterEjection = load.ok.get();
            await().atMost(PATIENCE).until(() -> load.ok.get() > okAfterEjection + 1000);
            assertThat(requests(router, "canary")).isEqualTo(canaryAfterEjection);
            load.stop();
            assertThat(load.failures).isEmpty();
        }
    }

    @Test
    void anErrorBurstTripsTheCanaryWhichStaysTrippedUntilTheSplitChanges() throws Exception {
        FakeBackend stable = track(new FakeBackend("stable"));
        FakeBackend canary = track(new FakeBackend("canary"));
        canary.answerStatus = 503;
        Router router = router();
        Route.CanarySplit split = new Route.CanarySplit(2, 50, false, 20);
        router.update(table(1, split, stable.backend(100, 1), canary.backend(100, 2)));
        long start = System.nanoTime();
        try (RawClient client = new RawClient(router.port())) {
            while (canary.requests.get() < 5) client.get("shop.localhost", "/");
        }
        Map<String, Integer> afterBurst = RouterRoutingTest.countBodies(router, 100);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(afterBurst).containsExactly(Map.entry("stable", 100));
        assertThat(canary.requests.get()).isEqualTo(5);
        assertThat(router.stats().canaries()).containsExactly(new RouterStats.Canary("web", 2, 50, 0, true));
        try (RawClient client = new RawClient(router.port())) {
            assertThat(client.get("any.localhost", "/_gantry/metrics").body())
                    .contains("gantry_router_canary_tripped{app=\"web\",release=\"2\"} 1")
                    .contains("gantry_router_canary_share_percent{app=\"web\",release=\"2\"} 0");
        }

        router.update(table(2, "elsewhere.localhost", split, stable.backend(100, 1), canary.backend(100, 2)));
        assertThat(RouterRoutingTest.countBodies(router, 100)).containsExactly(Map.entry("stable", 100));
        assertThat(router.stats().canaries()).containsExactly(new RouterStats.Canary("web", 2, 50, 0, true));

        canary.answerStatus = 200;
        router.update(
                table(3, new Route.CanarySplit(2, 40, false, 20), stable.backend(100, 1), canary.backend(100, 2)));
        assertThat(router.stats().canaries()).containsExactly(new RouterStats.Canary("web", 2, 40, 40, false));
        assertThat(RouterRoutingTest.countBodies(router, 200)).containsKeys("stable", "canary");
    }

    /**
     * The tester's header takes requests off the random split, so they say nothing about the canary against
     * stable: counted, an outsider could trip (or fail the judge on) a healthy canary with a handful of requests
     * to a URL that answers 5xx on both releases, or hide a bad one behind errors forced onto stable.
     */
    @Test
    void requestsTheHeaderForcesNeitherTripTheCanaryNorCountInTheRoutersReports() throws Exception {
        FakeBackend stable = track(new FakeBackend("stable"));
        FakeBackend canary = track(new FakeBackend("canary"));
        canary.answerStatus = 503;
        stable.answerStatus = 500;
        Router router = router();
        router.update(
                table(1, new Route.CanarySplit(2, 50, false, 20), stable.backend(100, 1), canary.backend(100, 2)));
        List<RouterReport> sent = new ArrayList<>();
        RouterReporter reporter = new RouterReporter(router, sent::add, Clock.systemUTC());
        try (RawClient client = new RawClient(router.port())) {
            for (int i = 0; i < 20; i++) {
                assertThat(client.send(forced("always")).status()).isEqualTo(503);
                assertThat(client.send(forced("never")).status()).isEqualTo(500);
            }
        }
        reporter.reportOnce();
        assertThat(sent).isEmpty();

        canary.answerStatus = 200;
        stable.answerStatus = 200;
        assertThat(RouterRoutingTest.countBodies(router, 100)).containsKeys("stable", "canary");
        reporter.reportOnce();
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst().samples().stream()
                        .mapToLong(RouterReport.Sample::requests)
                        .sum())
                .isEqualTo(100);
    }

    /**
     * A URL that fails on every release (a bad input, a broken dependency) is no spike of the canary's: the
     * burst compares its failures with stable's over the same second, so a client sending such requests
     * through the random split cannot trip a healthy canary. (The client's first request holds stable's cookie,
     * so stable has a request in the window whatever the draw: with none, the burst compares with 0%.)
     */
    @Test
    void failuresStableSharesDoNotTripTheCanary() throws Exception {
        FakeBackend stable = track(new FakeBackend("stable"));
        FakeBackend canary = track(new FakeBackend("canary"));
        stable.answerStatus = 500;
        canary.answerStatus = 500;
        Router router = router();
        router.update(table(1, new Route.CanarySplit(2, 50, true, 20), stable.backend(100, 1), canary.backend(100, 2)));
        try (RawClient client = new RawClient(router.port())) {
            String onStable = "GET / HTTP/1.1\r\nHost: shop.localhost\r\nCookie: " + Route.CanarySplit.cookieName("web")
                    + "=1\r\n\r\n";
            assertThat(client.send(onStable).status()).isEqualTo(500);
            for (int i = 0; i < 40; i++)
                assertThat(client.get("shop.localhost", "/").status()).isEqualTo(500);
        }
        assertThat(canary.requests.get()).isPositive();
        stable.answerStatus = 200;
        canary.answerStatus = 200;
        assertThat(RouterRoutingTest.countBodies(router, 100)).containsKeys("stable", "canary");
    }

    private static String forced(String side) {
        return "GET / HTTP/1.1\r\nHost: shop.localhost\r\nX-Gantry-Canary: " + side + "\r\n\r\n";
    }

    @Test
    void withoutAnErrorBurstSetTheRouterNeverTrips() throws Exception {
        FakeBackend stable = track(new FakeBackend("stable"));
        FakeBackend canary = track(new FakeBackend("canary"));
        canary.answerStatus = 500;
        Router router = router();
        router.update(
                table(1, new Route.CanarySplit(2, 100, false, 0), stable.backend(100, 1), canary.backend(100, 2)));
        try (RawClient client = new RawClient(router.port())) {
            for (int i = 0; i < 20; i++)
                assertThat(client.get("shop.localhost", "/").status()).isEqualTo(500);
        }
        assertThat(canary.requests.get()).isEqualTo(20);
    }

    private static long requests(Router router, String id) {
        return router.stats().backend(id).map(BackendStats::requests).orElse(0L);
    }
}
