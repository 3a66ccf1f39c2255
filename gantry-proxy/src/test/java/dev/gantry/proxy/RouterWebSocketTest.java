package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WebSockets through the router: a JDK client, the router, and a raw-socket WebSocket backend. */
class RouterWebSocketTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private FakeWebSocketBackend chat;
    private Router router;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        chat = new FakeWebSocketBackend("chat");
        router = Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(1)
                .headerTimeout(Duration.ofMillis(300))
                .idleTimeout(Duration.ofMillis(300))
                .sendTimeout(Duration.ofMillis(300))
                .build()
                .start();
        router.update(
                new RouteTable(1, List.of(new Route("chat", "chat.localhost", "/", null, List.of(chat.backend(100))))));
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        http.shutdownNow();
        router.close();
        chat.close();
    }

    private URI ws(String path) {
        return URI.create("ws://chat.localhost:" + router.port() + path);
    }

    private BackendStats stats() {
        return router.stats().backend("chat").orElseThrow();
    }

    @Test
    void textMessagesGoBothWaysIncludingOneOfAMegabyte() throws Exception {
        var c = RecordingWebSocketListener.connect(http, ws("/ws"));
        for (int i = 0; i < 20; i++) assertThat(c.roundTrip("message " + i)).isEqualTo("message " + i);
        String large = "x".repeat(1024 * 1024 - 7) + "the end";
        assertThat(c.roundTrip(large)).isEqualTo(large);
        assertThat(c.roundTrip("after")).isEqualTo("after");
    }

    @Test
    void theBackendGetsTheHandshakeWithTheForwardingHeaders() throws Exception {
        RecordingWebSocketListener.connect(http, ws("/ws?room=1"));
        Map<String, List<String>> head = chat.requestsTo("/ws").get(0);
        assertThat(head.get(":path")).containsExactly("/ws?room=1");
        assertThat(head.get("upgrade")).containsExactly("websocket");
        assertThat(head.get("connection")).containsExactly("upgrade");
        assertThat(head.get("sec-websocket-version")).containsExactly("13");
        assertThat(head).containsKey("sec-websocket-key");
        assertThat(head.get("x-forwarded-for")).containsExactly("127.0.0.1");
        assertThat(head.get("x-forwarded-proto")).containsExactly("http");
        assertThat(head.get("x-forwarded-host")).containsExactly("chat.localhost:" + router.port());
        assertThat(head).containsKey("x-request-id");
    }

    @Test
    void bytesTheBackendSendsRightBehindIts101ReachTheClientOnce() throws Exception {
        var c = RecordingWebSocketListener.connect(http, ws("/greet"));
        assertThat(c.received().next()).isEqualTo("welcome");
        assertThat(c.roundTrip("hi")).isEqualTo("hi");
    }

    @Test
    void anH2cUpgradeIsRemovedAndTheRequestIsPlainHttp() throws Exception {
        try (RawClient client = new RawClient(router.port())) {
            RawClient.Response r =
                    client.send("GET /plain HTTP/1.1\r\nHost: chat.localhost\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                            + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("chat");
            assertThat(r.header("upgrade")).isNull();
        }
        assertThat(chat.requestsTo("/plain"))
                .singleElement()
                .satisfies(head -> assertThat(head).doesNotContainKeys("upgrade", "connection", "http2-settings"));
    }

    @Test
    void aWebSocketHandshakeOnAPostInHttp10OrWithABodyIsPlainHttp() throws Exception {
        String handshake = "Host: chat.localhost\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n";
        for (String request : List.of(
                "POST /plain HTTP/1.1\r\n" + handshake + "Content-Length: 0\r\n\r\n",
                "GET /plain HTTP/1.0\r\n" + handshake + "\r\n",
                "GET /plain HTTP/1.1\r\n" + handshake + "Content-Length: 2\r\n\r\nhi")) {
            try (RawClient client = new RawClient(router.port())) {
                assertThat(client.send(request).body()).isEqualTo("chat");
            }
        }
        assertThat(chat.requestsTo("/plain"))
                .hasSize(3)
                .allSatisfy(head -> assertThat(head).doesNotContainKeys("upgrade", "connection"));
        assertThat(stats().webSocketsTotal()).isZero();
    }

    @Test
    void aBackendThatAnswers200ToAHandshakeIsRelayedAndTheConnectionStaysHttp() throws Exception {
        try (RawClient client = new RawClient(router.port())) {
            RawClient.Response refused = client.send(handshake("/refuse"));
            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.body()).isEqualTo("no websocket here");
            assertThat(refused.header("upgrade")).isNull();
            RawClient.Response next = client.get("chat.localhost", "/plain");
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.body()).isEqualTo("chat");
        }
        assertThat(stats().webSocketUpgradesRefused()).isEqualTo(1);
        assertThat(stats().webSocketsTotal()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> chat.closedByRouter.get() >= 1);
    }

    @Test
    void a101ThatCompletesNoHandshakeIsABadGateway() throws Exception {
        try (RawClient client = new RawClient(router.port())) {
            RawClient.Response noAccept = client.send(handshake("/no-accept"));
            assertThat(noAccept.status()).isEqualTo(502);
            assertThat(noAccept.body()).contains("Sec-WebSocket-Accept");
            RawClient.Response unasked = client.get("chat.localhost", "/switch");
            assertThat(unasked.status()).isEqualTo(502);
            assertThat(unasked.body()).contains("asked for no upgrade");
        }
        assertThat(stats().webSocketsTotal()).isZero();
    }

    @Test
    void metricsCountOpenWebSocketsAndAllThatWereOpened() throws Exception {
        var first = RecordingWebSocketListener.connect(http, ws("/ws"));
        RecordingWebSocketListener.connect(http, ws("/ws"));
        await().atMost(Duration.ofSeconds(5)).until(() -> stats().webSocketsOpen() == 2);
        first.ws().abort();
        await().atMost(Duration.ofSeconds(5)).until(() -> stats().webSocketsOpen() == 1);
        assertThat(stats().webSocketsTotal()).isEqualTo(2);
        assertThat(stats().requests()).isEqualTo(2);
        assertThat(stats().outstanding()).isZero();
        try (RawClient client = new RawClient(router.port())) {
            String metrics = client.get("chat.localhost", "/_gantry/metrics").body();
            String labels = "{app=\"chat\",release=\"1\",backend=\"chat\"}";
            assertThat(metrics)
                    .contains(
                            "gantry_router_websockets_open" + labels + " 1",
                            "gantry_router_websockets_total" + labels + " 2",
                            "gantry_router_websocket_upgrades_refused_total" + labels + " 0");
        }
    }

    @Test
    void closingTheClientClosesTheBackendSide() throws Exception {
        var c = RecordingWebSocketListener.connect(http, ws("/ws"));
        c.ws().abort();
        await().atMost(Duration.ofSeconds(5)).until(() -> chat.closedByRouter.get() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> stats().webSocketsOpen() == 0);
    }

    @Test
    void aCloseHandshakeGoesThroughAndEndsBothSides() throws Exception {
        var c = RecordingWebSocketListener.connect(http, ws("/ws"));
        c.ws().sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
        assertThat(c.received().ended.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        await().atMost(Duration.ofSeconds(5)).until(() -> chat.openTunnels() == 0 && stats().webSocketsOpen() == 0);
    }

    @Test
    void theBackendClosingClosesTheClient() throws Exception {
        var c = RecordingWebSocketListener.connect(http, ws("/ws"));
        chat.dropTunnels();
        c.received().ended.get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> stats().webSocketsOpen() == 0);
    }

    @Test
    void aWebSocketOutlivesTheClientIdleTimeout() throws Exception {
        var c = RecordingWebSocketListener.connect(http, ws("/ws"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> !c.ended());
        assertThat(c.roundTrip("still here")).isEqualTo("still here");
        assertThat(router.stats().connections().idleCloses()).isZero();
    }

    @Test
    void anIdleWebSocketClosesAfterTheWebSocketIdleTimeoutAndOnlyThen() throws Exception {
        try (Router quick = Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(1)
                .webSocketIdleTimeout(Duration.ofMillis(600))
                .build()
                .start()) {
            quick.update(router.table());
            var c = RecordingWebSocketListener.connect(http, URI.create("ws://chat.localhost:" + quick.port() + "/ws"));
            for (int i = 0; i < 4; i++) {
                await().pollDelay(Duration.ofMillis(300))
                        .atMost(Duration.ofSeconds(1))
                        .until(() -> true);
                assertThat(c.roundTrip("keep alive " + i)).isEqualTo("keep alive " + i);
            }
            assertThat(c.received().ended.get(5, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void aClientThatStopsReadingStopsTheBackendAndThenGetsEveryByteInOrder() throws Exception {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
            client.setSoTimeout(15_000);
            client.getOutputStream().write(handshake("/flood").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = new BufferedInputStream(client.getInputStream());
            assertThat(head(in)).startsWith("HTTP/1.1 101");
            AtomicLong seen = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> seen.getAndSet(chat.floodWritten.get()) == chat.floodWritten.get());
            assertThat(chat.floodWritten.get()).isLessThan(FakeWebSocketBackend.FLOOD_BYTES / 2);
            assertThat(readFlood(in)).isEqualTo(FakeWebSocketBackend.FLOOD_BYTES);
        }
    }

    private static long readFlood(InputStream in) throws Exception {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        while (total < FakeWebSocketBackend.FLOOD_BYTES) {
            int n = in.read(buf);
            if (n < 0) break;
            for (int i = 0; i < n; i++) {
                if (buf[i] != (byte) ((total + i) % 251)) throw new AssertionError("byte " + (total + i) + " differs");
            }
            total += n;
        }
        return total;
    }

    /** The response head as text, read byte by byte so nothing after it is consumed. */
    private static String head(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) break;
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static String handshake(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: chat.localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }
}
