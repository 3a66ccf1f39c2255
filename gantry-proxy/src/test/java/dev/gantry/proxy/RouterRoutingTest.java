package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterRoutingTest {
    private final List<AutoCloseable> closeables = new java.util.ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables.reversed()) c.close();
    }

    private FakeBackend backend(String name) throws Exception {
        FakeBackend b = new FakeBackend(name);
        closeables.add(b);
        return b;
    }

    private Router router(Balancer balancer, Route... routes) throws Exception {
        Router r = Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(2)
                .balancer(balancer)
                .build()
                .start();
        closeables.add(r);
        r.update(new RouteTable(1, List.of(routes)));
        return r;
    }

    @Test
    void routesByHostIgnoringCaseAndPortAndByLongestPathPrefix() throws Exception {
        FakeBackend web = backend("web");
        FakeBackend api = backend("api");
        FakeBackend other = backend("other");
        Router router = router(
                Balancer.ROUND_ROBIN,
                new Route("web", "shop.localhost", "/", null, List.of(web.backend(100))),
                new Route("api", "shop.localhost", "/api", null, List.of(api.backend(100))),
                new Route("other", "other.localhost", "/", null, List.of(other.backend(100))));
        try (RawClient client = new RawClient(router.port())) {
            assertThat(client.get("shop.localhost", "/index.html").body()).isEqualTo("web");
            assertThat(client.get("SHOP.localhost:8080", "/api/orders?x=1").body())
                    .isEqualTo("api");
            assertThat(client.get("shop.localhost", "/api").body()).isEqualTo("api");
            assertThat(client.get("shop.localhost", "/apix").body()).isEqualTo("web");
            assertThat(client.get("other.localhost", "/api/orders").body()).isEqualTo("other");
        }
    }

    @Test
    void unknownHostGets404NamingTheHost() throws Exception {
        FakeBackend web = backend("web");
        Router router =
                router(Balancer.ROUND_ROBIN, new Route("web", "shop.localhost", "/", null, List.of(web.backend(100))));
        try (RawClient client = new RawClient(router.port())) {
            RawClient.Response r = client.get("nobody.localhost:8080", "/x");
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body()).contains("nobody.localhost");
            assertThat(client.get("shop.localhost", "/").status()).isEqualTo(200);
            assertThat(client.get("any.localhost", "/_gantry/metrics").body())
                    .contains("gantry_router_local_answers_total{code=\"404\",reason=\"no_route\"} 1\n")
                    .contains("gantry_router_client_connections 1\n");
        }
    }

    @Test
    void roundRobinSpreads300RequestsEvenlyOverThreeBackends() throws Exception {
        FakeBackend a = backend("a");
        FakeBackend b = backend("b");
        FakeBackend c = backend("c");
        Router router = router(
                Balancer.ROUND_ROBIN,
                new Route("web", "shop.localhost", "/", null, List.of(a.backend(100), b.backend(100), c.backend(100))));
        Map<String, Integer> counts = countBodies(router, 300);
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("a", 100, "b", 100, "c", 100));
    }

    @Test
    void roundRobinRespectsWeightsAndSendsNothingToWeightZero() throws Exception {
        FakeBackend heavy = backend("heavy");
        FakeBackend light = backend("light");
        FakeBackend draining = backend("draining");
        Router router = router(
                Balancer.ROUND_ROBIN,
                new Route(
                        "web",
                        "shop.localhost",
                        "/",
                        null,
                        List.of(heavy.backend(300), light.backend(100), draining.backend(0))));
        Map<String, Integer> counts = countBodies(router, 400);
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("heavy", 300, "light", 100));
    }

    @Test
    void leastOutstandingRespectsWeightsAndSendsNothingToWeightZero() throws Exception {
        FakeBackend a = backend("a");
        FakeBackend b = backend("b");
        FakeBackend draining = backend("draining");
        Router router = router(
                Balancer.LEAST_OUTSTANDING,
                new Route(
                        "web",
                        "shop.localhost",
                        "/",
                        null,
                        List.of(a.backend(100), b.backend(100), draining.backend(0))));
        Map<String, Integer> counts = countBodies(router, 200);
        assertThat(counts).doesNotContainKey("draining");
        assertThat(counts.get("a")).isGreaterThan(50);
        assertThat(counts.get("b")).isGreaterThan(50);
    }

    @Test
    void routeWithoutRoutableBackendGets503() throws Exception {
        FakeBackend draining = backend("draining");
        Router router = router(
                Balancer.ROUND_ROBIN,
                new Route("empty", "empty.localhost", "/", null, List.of()),
                new Route("drained", "drained.localhost", "/", null, List.of(draining.backend(0))));
        try (RawClient client = new RawClient(router.port())) {
            RawClient.Response r = client.get("empty.localhost", "/");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.body()).contains("empty");
            assertThat(client.get("drained.localhost", "/").status()).isEqualTo(503);
            assertThat(client.get("any.localhost", "/_gantry/metrics").body())
                    .contains("gantry_router_local_answers_total{code=\"503\",reason=\"no_backend\"} 2\n");
        }
    }

    @Test
    void backendSeesForwardedHeadersAndRequestIdButNoHopByHopHeaders() throws Exception {
        FakeBackend web = backend("web");
        Router router =
                router(Balancer.ROUND_ROBIN, new Route("web", "shop.localhost", "/", null, List.of(web.backend(100))));
        try (RawClient client = new RawClient(router.port())) {
            client.send("GET / HTTP/1.1\r\nHost: shop.localhost:9000\r\nConnection: keep-alive, X-Secret\r\n"
                    + "X-Secret: s\r\nKeep-Alive: timeout=5\r\nProxy-Authorization: p\r\n\r\n");
        }
        var first = web.requestHeaders.poll();
        assertThat(first.getFirst("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(first.getFirst("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(first.getFirst("X-Forwarded-Host")).isEqualTo("shop.localhost:9000");
        assertThat(first.getFirst("Forwarded")).isEqualTo("for=127.0.0.1;host=\"shop.localhost:9000\";proto=http");
        assertThat(first.getFirst("X-Request-Id")).matches("[0-9a-f]{32}");
        assertThat(first).doesNotContainKeys("X-secret", "Keep-alive", "Proxy-authorization");
    }

    @Test
    void ownHealthAndMetricsPathsAnswerOnAnyHost() throws Exception {
        FakeBackend web = backend("web");
        Router router =
                router(Balancer.ROUND_ROBIN, new Route("web", "shop.localhost", "/", null, List.of(web.backend(100))));
        try (RawClient client = new RawClient(router.port())) {
            client.get("shop.localhost", "/");
            RawClient.Response health = client.get("anything.example", "/_gantry/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");
            RawClient.Response metrics = client.get("shop.localhost", "/_gantry/metrics");
            assertThat(metrics.body())
                    .contains("gantry_router_requests_total{app=\"web\",release=\"1\",backend=\"web\"} 1")
                    .contains(
                            "gantry_router_request_duration_seconds_bucket{app=\"web\",release=\"1\",backend=\"web\",le=\"+Inf\"} 1")
                    .contains("gantry_router_backend_healthy{app=\"web\",release=\"1\",backend=\"web\"} 1");
        }
        assertThat(router.stats().backend("web").orElseThrow().requests()).isEqualTo(1);
    }

    @Test
    void aRemovedBackendTakesNoNewRequests() throws Exception {
        FakeBackend a = backend("a");
        FakeBackend b = backend("b");
        Router router = router(
                Balancer.ROUND_ROBIN,
                new Route("web", "shop.localhost", "/", null, List.of(a.backend(100), b.backend(100))));
        router.update(
                new RouteTable(2, List.of(new Route("web", "shop.localhost", "/", null, List.of(b.backend(100))))));
        assertThat(countBodies(router, 20)).containsExactly(Map.entry("b", 20));
        assertThat(router.table().version()).isEqualTo(2);
    }

    static Map<String, Integer> countBodies(Router router, int n) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (RawClient client = new RawClient(router.port())) {
            for (int i = 0; i < n; i++) {
                RawClient.Response r = client.get("shop.localhost", "/");
                assertThat(r.status()).isEqualTo(200);
                counts.merge(r.body(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
