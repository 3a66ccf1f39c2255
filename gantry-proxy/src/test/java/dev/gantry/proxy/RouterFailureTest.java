package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Backend;
import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterFailureTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables.reversed()) c.close();
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }

    private Router router(Duration responseTimeout, Backend... backends) throws Exception {
        Router r = track(Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(1)
                .balancer(Balancer.ROUND_ROBIN)
                .responseTimeout(responseTimeout)
                .healthInterval(Duration.ofMinutes(5))
                .build()
                .start());
        r.update(new RouteTable(1, List.of(new Route("web", "shop.localhost", "/", null, List.of(backends)))));
        return r;
    }

    @Test
    void idempotentRequestIsRetriedOnAnotherBackendWhenTheConnectionDiesBeforeAnswering() throws Exception {
        FakeDroppingBackend dropper = track(new FakeDroppingBackend());
        FakeBackend good = track(new FakeBackend("good"));
        Router router = router(Duration.ofSeconds(10), dropper.backend(1000), good.backend(1));
        try (RawClient client = new RawClient(router.port())) {
            assertThat(client.get("shop.localhost", "/a").body()).isEqualTo("good");
            RawClient.Response put =
                    client.send("PUT /b HTTP/1.1\r\nHost: shop.localhost\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(put.body()).isEqualTo("good got 5");
        }
        BackendStats dropped = router.stats().backend("dropper").orElseThrow();
        assertThat(dropped.requests()).isEqualTo(2);
        assertThat(dropped.errors()).isEqualTo(2);
        assertThat(good.requests.get()).isEqualTo(2);
    }

    @Test
    void postThatWasWrittenIsNotRetriedAndGets502() throws Exception {
        FakeDroppingBackend dropper = track(new FakeDroppingBackend());
        FakeBackend good = track(new FakeBackend("good"));
        Router router = router(Duration.ofSeconds(10), dropper.backend(1000), good.backend(1));
        try (RawClient client = new RawClient(router.port())) {
            RawClient.Response post =
                    client.send("POST /orders HTTP/1.1\r\nHost: shop.localhost\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(post.status()).isEqualTo(502);
            assertThat(client.get("shop.localhost", "/after").status()).isEqualTo(200);
        }
        assertThat(good.requests.get()).isEqualTo(1);
    }

    @Test
    void postCarryingAnIdempotencyKeyIsRetriedOnAnotherBackendWhenTheConnectionDies() throws Exception {
        FakeDroppingBackend dropper = track(new FakeDroppingBackend());
        FakeBackend good = track(new FakeBackend("good"));
        Router router = router(Duration.ofSeconds(10), dropper.backend(1000), good.backend(1));
        try (RawClient client = new RawClient(router.port())) {
            RawClient.Response post = client.send("POST /render HTTP/1.1\r\nHost: shop.localhost\r\n"
                    + "Idempotency-Key: 8e03978e\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(post.status()).isEqualTo(200);
            assertThat(post.body()).isEqualTo("good got 5");
        }
    }

    @Test
    void refusedConnectionIsRetriedElsewhereAndEjectsTheBackend() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        FakeBackend good = track(new FakeBackend("good"));
        Router router =
                router(Duration.ofSeconds(10), new Backend("gone", "127.0.0.1", closedPort, 1, 1000), good.backend(1));
        try (RawClient client = new RawClient(router.port())) {
            RawClient.Response post =
                    client.send("POST /orders HTTP/1.1\r\nHost: shop.localhost\r\nContent-Length: 2\r\n\r\nhi");
            assertThat(post.body()).isEqualTo("good got 2");
        }
        assertThat(router.stats().backend("gone").orElseThrow().healthy()).isFalse();
    }

    @Test
    void everyBackendRefusingGives502() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Router router = router(Duration.ofSeconds(10), new Backend("gone", "127.0.0.1", closedPort, 1, 100));
        try (RawClient client = new RawClient(router.port())) {
            RawClient.Response r = client.get("shop.localhost", "/");
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.body()).contains("web");
        }
    }

    @Test
    void slowBackendGets504AfterTheResponseTimeout() throws Exception {
        FakeBackend slow = track(new FakeBackend("slow"));
        Router router = router(Duration.ofMillis(300), slow.backend(100));
        try (RawClient client = new RawClient(router.port())) {
            assertThat(client.get("shop.localhost", "/slow").status()).isEqualTo(504);
            assertThat(client.get("shop.localhost", "/fast").status()).isEqualTo(200);
        }
        assertThat(router.stats().backend("slow").orElseThrow().errors()).isEqualTo(1);
    }
}
