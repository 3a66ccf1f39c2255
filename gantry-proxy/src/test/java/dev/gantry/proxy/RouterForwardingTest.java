package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterForwardingTest {
    private static final String SPOOFED = "GET / HTTP/1.1\r\nHost: shop.localhost\r\nX-Forwarded-For: 6.6.6.6\r\n"
            + "X-Forwarded-Proto: https\r\nX-Forwarded-Host: evil.example\r\nX-Request-Id: given-id\r\n"
            + "Forwarded: for=6.6.6.6;proto=https\r\nX-Real-IP: 6.6.6.6\r\nX-Forwarded-Port: 443\r\n\r\n";

    private FakeBackend web;
    private Router router;

    @AfterEach
    void stop() {
        if (router != null) router.close();
        if (web != null) web.close();
    }

    private void start(TrustedProxies trusted) throws Exception {
        web = new FakeBackend("web");
        router = Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(1)
                .trustedProxies(trusted)
                .build()
                .start();
        router.update(
                new RouteTable(1, List.of(new Route("web", "shop.localhost", "/", null, List.of(web.backend(100))))));
    }

    @Test
    void anUntrustedClientsForwardingHeadersAreReplacedByTheRoutersOwn() throws Exception {
        start(TrustedProxies.NONE);
        try (RawClient client = new RawClient(router.port())) {
            assertThat(client.send(SPOOFED).status()).isEqualTo(200);
        }
        Headers h = web.requestHeaders.poll();
        assertThat(h.get("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(h.get("X-Forwarded-Proto")).containsExactly("http");
        assertThat(h.get("X-Forwarded-Host")).containsExactly("shop.localhost");
        assertThat(h.get("Forwarded")).containsExactly("for=127.0.0.1;host=shop.localhost;proto=http");
        assertThat(h.getFirst("X-Request-Id")).matches("[0-9a-f]{32}");
        assertThat(h).doesNotContainKeys("X-real-ip", "X-forwarded-port");
    }

    @Test
    void aTrustedProxysHeadersAreKeptAndAppendedTo() throws Exception {
        start(TrustedProxies.of(List.of("127.0.0.0/8")));
        try (RawClient client = new RawClient(router.port())) {
            assertThat(client.send(SPOOFED).status()).isEqualTo(200);
        }
        Headers h = web.requestHeaders.poll();
        assertThat(h.get("X-Forwarded-For")).containsExactly("6.6.6.6, 127.0.0.1");
        assertThat(h.get("X-Forwarded-Proto")).containsExactly("https");
        assertThat(h.get("X-Forwarded-Host")).containsExactly("evil.example");
        assertThat(h.get("X-Request-Id")).containsExactly("given-id");
        assertThat(h.get("Forwarded"))
                .containsExactly("for=6.6.6.6;proto=https, for=127.0.0.1;host=shop.localhost;proto=http");
    }

    @Test
    void fieldsNamedByEveryConnectionLineAreRemoved() throws Exception {
        start(TrustedProxies.NONE);
        try (RawClient client = new RawClient(router.port())) {
            RawClient.Response r = client.send(
                    "GET / HTTP/1.1\r\nHost: shop.localhost\r\nConnection: X-One\r\n"
                            + "X-One: 1\r\nX-Two: 2\r\nConnection: keep-alive, X-Two ,X-Three\r\nX-Three: 3\r\nX-Kept: k\r\n\r\n");
            assertThat(r.status()).isEqualTo(200);
        }
        Headers h = web.requestHeaders.poll();
        assertThat(h).doesNotContainKeys("X-one", "X-two", "X-three", "Connection");
        assertThat(h.getFirst("X-Kept")).isEqualTo("k");
    }

    @Test
    void fieldsNamedByTheBackendsConnectionLinesNeverReachTheClient() throws Exception {
        try (ServerSocket backend = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform()
                    .daemon()
                    .start(
                            () -> answerEach(
                                    backend,
                                    "HTTP/1.1 200 OK\r\nConnection: X-Internal\r\n"
                                            + "X-Internal: secret\r\nConnection: Content-Length\r\nContent-Length: 5\r\nX-Public: p\r\n\r\nhello"));
            router = Router.builder()
                    .bindAddress("127.0.0.1")
                    .port(0)
                    .ioThreads(1)
                    .build()
                    .start();
            router.update(new RouteTable(
                    1,
                    List.of(new Route(
                            "web",
                            "shop.localhost",
                            "/",
                            null,
                            List.of(new dev.gantry.api.Backend("raw", "127.0.0.1", backend.getLocalPort(), 1, 100))))));
            try (RawClient client = new RawClient(router.port())) {
                RawClient.Response r = client.get("shop.localhost", "/");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("hello");
                assertThat(r.headers())
                        .doesNotContainKeys("x-internal")
                        .containsEntry("x-public", "p")
                        .containsEntry("content-length", "5");
            }
        }
    }

    /** Answers every connection (health probes included) with one canned response. */
    private static void answerEach(ServerSocket server, String response) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofPlatform().daemon().start(() -> answerOnce(s, response));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void answerOnce(Socket socket, String response) {
        try (Socket s = socket) {
            InputStream in = s.getInputStream();
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) return;
                matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : c == '\r' ? 1 : 0;
            }
            OutputStream out = s.getOutputStream();
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            in.read();
        } catch (IOException e) {
            // the test fails on the client side
        }
    }
}
