package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slow clients, with timeouts shortened so each case takes well under a second or two. */
class RouterTimeoutTest {
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    private FakeBackend web;
    private Router router;

    @BeforeEach
    void start() throws Exception {
        web = new FakeBackend("web");
        router = Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(1)
                .headerTimeout(Duration.ofMillis(400))
                .idleTimeout(Duration.ofMillis(600))
                .bodyTimeout(Duration.ofMillis(400))
                .sendTimeout(Duration.ofMillis(600))
                .build()
                .start();
        router.update(
                new RouteTable(1, List.of(new Route("web", "shop.localhost", "/", null, List.of(web.backend(100))))));
    }

    @AfterEach
    void stop() {
        trickle.shutdownNow();
        router.close();
        web.close();
    }

    @Test
    void aHeaderThatStopsHalfWayGets408AndTheConnectionCloses() throws Exception {
        try (RawClient client = new RawClient(router.port())) {
            client.write(bytes("GET / HTTP/1.1\r\nHost: shop.lo"));
            RawClient.Response r = client.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(router.stats().connections().headerTimeouts()).isEqualTo(1);
        assertThat(web.requests.get()).isZero();
    }

    @Test
    void aHeaderSentOneByteAtATimeStillEndsAtTheHeaderTimeout() throws Exception {
        byte[] request = bytes("GET / HTTP/1.1\r\nHost: shop.localhost\r\nX-Padding: " + "a".repeat(200) + "\r\n\r\n");
        try (RawClient client = new RawClient(router.port())) {
            int[] next = {0};
            trickle.scheduleAtFixedRate(
                    () -> {
                        try {
                            if (next[0] < request.length) client.write(new byte[] {request[next[0]++]});
                        } catch (Exception closed) {
                            throw new IllegalStateException(closed);
                        }
                    },
                    0,
                    20,
                    TimeUnit.MILLISECONDS);
            assertThat(client.read().status()).isEqualTo(408);
        }
        assertThat(web.requests.get()).isZero();
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedQuietly() throws Exception {
        try (RawClient client = new RawClient(router.port())) {
            assertThat(client.get("shop.localhost", "/").status()).isEqualTo(200);
            assertThat(client.closedByPeer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> router.stats().connections().idleCloses() == 1);
        assertThat(router.stats().connections().headerTimeouts()).isZero();
    }

    @Test
    void aSmallBodyThatStallsGets408AndNeverReachedABackend() throws Exception {
        try (RawClient client = new RawClient(router.port())) {
            client.write(bytes("POST / HTTP/1.1\r\nHost: shop.localhost\r\nContent-Length: 100\r\n\r\n0123456789"));
            RawClient.Response r = client.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.body()).contains("request body timeout");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(router.stats().totalRequests()).isZero();
        assertThat(router.stats().connections().bodyTimeouts()).isEqualTo(1);
    }

    @Test
    void aSmallBodyTrickledInSlowlyIsBufferedBeforeAnyBackendIsUsed() throws Exception {
        try (RawClient client = new RawClient(router.port())) {
            client.write(bytes("POST / HTTP/1.1\r\nHost: shop.localhost\r\nContent-Length: 10\r\n\r\n01234"));
            await().pollDelay(Duration.ofMillis(150))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> true);
            assertThat(router.stats().totalRequests()).isZero();
            client.write(bytes("56789"));
            RawClient.Response r = client.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("web got 10");
        }
    }

    @Test
    void aLargeBodyThatStallsReleasesTheBackendConnection() throws Exception {
        try (RawClient client = new RawClient(router.port())) {
            client.write(bytes("POST / HTTP/1.1\r\nHost: shop.localhost\r\nContent-Length: 1000000\r\n\r\n"));
            client.write(new byte[200_000]);
            await().atMost(Duration.ofSeconds(5)).until(() -> router.stats().totalRequests() == 1);
            RawClient.Response r = client.read();
            assertThat(r.status()).isEqualTo(408);
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> router.stats().backend("web").orElseThrow().outstanding() == 0);
    }

    @Test
    void aClientThatStopsReadingTheResponseIsCutOffAndFreesTheBackend() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
            s.setReceiveBufferSize(4096);
            s.getOutputStream().write(bytes("GET /big HTTP/1.1\r\nHost: shop.localhost\r\n\r\n"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> router.stats().connections().sendTimeouts() == 1);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> router.stats().backend("web").orElseThrow().outstanding() == 0);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> router.stats().connections().open() == 0);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
