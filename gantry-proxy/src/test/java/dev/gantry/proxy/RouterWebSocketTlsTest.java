package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSockets on the TLS listener: over HTTP/1.1 (what ALPN gives a WebSocket client) they pass
 * through; HTTP/2 carries none (RFC 8441 is not offered, and Upgrade makes an HTTP/2 request malformed).
 */
class RouterWebSocketTlsTest {
    private static final int PROTOCOL_ERROR = 0x1;

    @TempDir
    Path certs;

    private final TestCertificates ca = new TestCertificates();
    private FakeWebSocketBackend chat;
    private Router router;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        ca.write(certs, "default", "chat.localhost");
        chat = new FakeWebSocketBackend("chat");
        router = Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(1)
                .tls(TlsOptions.certificates(certs), 0)
                .build()
                .start();
        router.update(
                new RouteTable(1, List.of(new Route("chat", "chat.localhost", "/", null, List.of(chat.backend(100))))));
        http = HttpClient.newBuilder().sslContext(ca.clientContext()).build();
    }

    @AfterEach
    void stop() {
        http.shutdownNow();
        router.close();
        chat.close();
    }

    @Test
    void aWebSocketOverTlsEchoesAndTheBackendSeesProtoHttps() throws Exception {
        var c = RecordingWebSocketListener.connect(
                http, URI.create("wss://chat.localhost:" + router.tlsPort() + "/greet"));
        assertThat(c.received().next()).isEqualTo("welcome");
        String large = "y".repeat(300_000);
        assertThat(c.roundTrip(large)).isEqualTo(large);
        assertThat(chat.requestsTo("/greet").get(0).get("x-forwarded-proto")).containsExactly("https");
    }

    @Test
    void anHttp2RequestCarryingUpgradeIsResetAsMalformedAndTheConnectionServesOn() throws Exception {
        try (H2Wire h2 = connect()) {
            Http2Headers upgrade = request("GET", "/plain").add("upgrade", "websocket");
            h2.write(H2Wire.frame(
                    H2Wire.HEADERS, H2Wire.END_STREAM | H2Wire.END_HEADERS, 1, h2.headerBlock(1, upgrade)));
            h2.flush();
            assertThat(firstFrameOn(h2, 1)).isEqualTo(new H2Wire.Frame(H2Wire.RST_STREAM, 0, 1, PROTOCOL_ERROR));
            h2.write(H2Wire.frame(
                    H2Wire.HEADERS,
                    H2Wire.END_STREAM | H2Wire.END_HEADERS,
                    3,
                    h2.headerBlock(3, request("GET", "/plain"))));
            h2.flush();
            assertThat(firstFrameOn(h2, 3).type()).isEqualTo(H2Wire.HEADERS);
        }
        assertThat(chat.requestsTo("/plain"))
                .singleElement()
                .satisfies(head -> assertThat(head).doesNotContainKey("upgrade"));
    }

    @Test
    void anExtendedConnectForAWebSocketNeverReachesTheBackend() throws Exception {
        try (H2Wire h2 = connect()) {
            Http2Headers connect =
                    request("CONNECT", "/ws").add(":protocol", "websocket").add("sec-websocket-version", "13");
            h2.write(H2Wire.frame(H2Wire.HEADERS, H2Wire.END_HEADERS, 1, h2.headerBlock(1, connect)));
            h2.flush();
            H2Wire.Frame answer = firstFrameOn(h2, 1);
            assertThat(answer.type()).isIn(H2Wire.RST_STREAM, H2Wire.HEADERS);
        }
        assertThat(chat.requestsTo("/ws")).isEmpty();
        assertThat(router.stats().backend("chat").orElseThrow().webSocketsTotal())
                .isZero();
    }

    private H2Wire connect() throws Exception {
        return new H2Wire(TlsClient.to(router.tlsPort(), ca.clientContext())
                .sni("chat.localhost")
                .alpn("h2")
                .connect());
    }

    private static Http2Headers request(String method, String path) {
        return new DefaultHttp2Headers(false)
                .method(method)
                .scheme("https")
                .authority("chat.localhost")
                .path(path);
    }

    private static H2Wire.Frame firstFrameOn(H2Wire h2, int stream) throws Exception {
        for (H2Wire.Frame f = h2.read(); f != null; f = h2.read()) {
            if (f.stream() == stream) return f;
        }
        throw new AssertionError("connection ended before a frame on stream " + stream);
    }
}
