package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The canary split on HTTP/2 streams and WebSocket handshakes, as on HTTP/1.1 requests. */
class RouterCanaryProtocolsTest {
    private static final String COOKIE = Route.CanarySplit.cookieName("web");
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @TempDir
    Path certs;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables.reversed()) c.close();
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }

    @Test
    void http2StreamsFollowTheHeaderAndGetASecureStickyCookie() throws Exception {
        TestCertificates ca = new TestCertificates();
        ca.write(certs, "default", "shop.localhost");
        FakeBackend stable = track(new FakeBackend("stable"));
        FakeBackend canary = track(new FakeBackend("canary"));
        Router router = track(Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(1)
                .tls(TlsOptions.certificates(certs), 0)
                .build()
                .start());
        router.update(new RouteTable(
                1,
                List.of(new Route(
                                "web",
                                "shop.localhost",
                                "/",
                                null,
                                List.of(stable.backend(100, 1), canary.backend(100, 2)))
                        .withCanary(new Route.CanarySplit(2, 100, true, 0)))));
        HttpClient http = track(HttpClient.newBuilder()
                .sslContext(ca.clientContext())
                .version(HttpClient.Version.HTTP_2)
                .build());
        URI uri = URI.create("https://shop.localhost:" + router.tlsPort() + "/");

        HttpResponse<String> assigned =
                http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(assigned.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(assigned.body()).isEqualTo("canary");
        assertThat(assigned.headers().firstValue("set-cookie"))
                .hasValue(COOKIE + "=2; Path=/; HttpOnly; SameSite=Lax; Secure");

        HttpResponse<String> never = http.send(
                HttpRequest.newBuilder(uri).header("X-Gantry-Canary", "never").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(never.body()).isEqualTo("stable");
        assertThat(never.headers().firstValue("set-cookie")).isEmpty();

        HttpResponse<String> holder = http.send(
                HttpRequest.newBuilder(uri).header("Cookie", COOKIE + "=1").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(holder.body()).isEqualTo("stable");
        assertThat(stable.requestHeaders).allSatisfy(h -> assertThat(h).doesNotContainKey("X-gantry-canary"));
    }

    @Test
    void aWebSocketHandshakeIsSplitLikeAnyRequestAndItsAnswerCarriesTheCookie() throws Exception {
        FakeWebSocketBackend stable = track(new FakeWebSocketBackend("stable"));
        FakeWebSocketBackend canary = track(new FakeWebSocketBackend("canary"));
        Router router = track(Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(1)
                .build()
                .start());
        router.update(new RouteTable(
                1,
                List.of(new Route(
                                "web",
                                "chat.localhost",
                                "/",
                                null,
                                List.of(stable.backend(100, 1), canary.backend(100, 2)))
                        .withCanary(new Route.CanarySplit(2, 0, true, 0)))));

        assertThat(handshake(router, "X-Gantry-Canary: always\r\n"))
                .startsWith("HTTP/1.1 101")
                .doesNotContain(COOKIE);
        assertThat(canary.requestsTo("/ws")).hasSize(1);
        assertThat(stable.requestsTo("/ws")).isEmpty();

        String assigned = handshake(router, "");
        assertThat(assigned)
                .startsWith("HTTP/1.1 101")
                .containsIgnoringCase("set-cookie: " + COOKIE + "=1; Path=/; HttpOnly; SameSite=Lax");
        assertThat(stable.requestsTo("/ws")).hasSize(1);
        assertThat(canary.requestsTo("/ws")).hasSize(1);
    }

    /** The head of the answer to a WebSocket handshake with these extra header lines. */
    private static String handshake(Router router, String extra) throws Exception {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
            client.setSoTimeout(15_000);
            String request = "GET /ws HTTP/1.1\r\nHost: chat.localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extra + "\r\n";
            client.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = new BufferedInputStream(client.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) break;
                head.append((char) c);
            }
            return head.toString();
        }
    }
}
