package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterLimitsTest {
    private final List<RawClient> clients = new ArrayList<>();
    private FakeBackend web;
    private Router router;

    @AfterEach
    void stop() throws Exception {
        for (RawClient c : clients) c.close();
        if (router != null) router.close();
        if (web != null) web.close();
    }

    private void start(Router.Builder builder) throws Exception {
        web = new FakeBackend("web");
        router = builder.bindAddress("127.0.0.1").port(0).ioThreads(1).build().start();
        router.update(
                new RouteTable(1, List.of(new Route("web", "shop.localhost", "/", null, List.of(web.backend(100))))));
    }

    private RawClient open() throws Exception {
        RawClient c = new RawClient(router.port());
        clients.add(c);
        return c;
    }

    @Test
    void aClientOverItsConnectionLimitGets503AndTheNextOneIsAdmittedOnceOneCloses() throws Exception {
        start(Router.builder().maxConnectionsPerClient(3));
        for (int i = 0; i < 3; i++)
            assertThat(open().get("shop.localhost", "/").status()).isEqualTo(200);
        RawClient fourth = open();
        RawClient.Response refused = fourth.read();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body()).contains("too many connections from 127.0.0.1");
        assertThat(fourth.closedByPeer()).isTrue();
        clients.get(0).close();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> router.stats().connections().open() == 2);
        assertThat(open().get("shop.localhost", "/").status()).isEqualTo(200);
        assertThat(router.stats().connections().rejectedClientFull()).isEqualTo(1);
        assertThat(clients.get(1).get("shop.localhost", "/_gantry/metrics").body())
                .contains("gantry_router_connections_rejected_total{limit=\"client\"} 1");
    }

    @Test
    void theRouterWideLimitRefusesEveryClient() throws Exception {
        start(Router.builder().maxConnections(2));
        assertThat(open().get("shop.localhost", "/").status()).isEqualTo(200);
        assertThat(open().get("shop.localhost", "/").status()).isEqualTo(200);
        RawClient.Response refused = open().read();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body()).contains("too many connections to this router");
        assertThat(router.stats().connections().rejectedRouterFull()).isEqualTo(1);
    }

    @Test
    void aTrustedProxyIsNotHeldToThePerClientLimit() throws Exception {
        start(Router.builder().maxConnectionsPerClient(1).trustedProxies(TrustedProxies.of(List.of("127.0.0.1"))));
        for (int i = 0; i < 4; i++)
            assertThat(open().get("shop.localhost", "/").status()).isEqualTo(200);
        assertThat(router.stats().connections().rejectedClientFull()).isZero();
    }
}
