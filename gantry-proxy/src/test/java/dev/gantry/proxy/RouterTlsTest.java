package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.Headers;
import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterTlsTest {
    @TempDir
    Path certs;

    private final TestCertificates ca = new TestCertificates();
    private FakeBackend web;
    private FakeBackend secure;
    private Router router;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        ca.write(certs, "default", "shop.localhost", "secure.localhost");
        web = new FakeBackend("web");
        secure = new FakeBackend("secure");
        router = Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(1)
                .tls(TlsOptions.certificates(certs).withPollInterval(Duration.ofMillis(100)), 0)
                .build()
                .start();
        router.update(new RouteTable(
                1,
                List.of(
                        new Route("web", "shop.localhost", "/", null, List.of(web.backend(100))),
                        new Route("secure", "secure.localhost", "/", null, List.of(secure.backend(100)), true, true))));
        http = HttpClient.newBuilder()
                .sslContext(ca.clientContext())
                .version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() {
        http.close();
        router.close();
        web.close();
        secure.close();
    }

    private URI https(String host, String path) {
        return URI.create("https://" + host + ":" + router.tlsPort() + path);
    }

    @Test
    void http2OverTlsReachesTheBackendAsHttp11WithProtoHttps() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(https("shop.localhost", "/a?b=c")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("web");
        Headers h = web.requestHeaders.poll();
        assertThat(h.getFirst("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(h.getFirst("Forwarded")).endsWith(";proto=https");
        assertThat(h.getFirst("Host")).isEqualTo("shop.localhost:" + router.tlsPort());
        assertThat(h.keySet()).noneMatch(name -> name.toLowerCase().startsWith("x-http2"));
    }

    @Test
    void http2RequestBodiesOfEveryShapeArriveWhole() throws Exception {
        byte[] big = new byte[300_000];
        HttpResponse<String> sized = http.send(
                HttpRequest.newBuilder(https("shop.localhost", "/up"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(big))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sized.body()).isEqualTo("web got 300000");
        HttpResponse<String> streamed = http.send(
                HttpRequest.newBuilder(https("shop.localhost", "/up"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(new byte[70_000])))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.body()).isEqualTo("web got 70000");
    }

    @Test
    void manyConcurrentHttp2StreamsOnOneConnectionAllSucceed() throws Exception {
        var futures = new java.util.ArrayList<java.util.concurrent.CompletableFuture<HttpResponse<String>>>();
        for (int i = 0; i < Http2Frontend.MAX_CONCURRENT_STREAMS - 8; i++) {
            futures.add(http.sendAsync(
                    HttpRequest.newBuilder(https("shop.localhost", "/n/" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (var f : futures) assertThat(f.get().body()).isEqualTo("web");
        assertThat(router.stats().backend("web").orElseThrow().requests())
                .isEqualTo(Http2Frontend.MAX_CONCURRENT_STREAMS - 8);
    }

    @Test
    void http11OverTlsWorksWhenTheClientOffersOnlyIt() throws Exception {
        try (SSLSocket s = TlsClient.to(router.tlsPort(), ca.clientContext())
                        .sni("shop.localhost")
                        .alpn("http/1.1")
                        .connect();
                RawClient client = new RawClient(s)) {
            assertThat(s.getApplicationProtocol()).isEqualTo("http/1.1");
            assertThat(client.get("shop.localhost", "/").body()).isEqualTo("web");
            assertThat(client.get("shop.localhost", "/").body()).isEqualTo("web");
        }
        assertThat(web.requestHeaders.poll().getFirst("X-Forwarded-Proto")).isEqualTo("https");
    }

    @Test
    void plainHttpToATlsRouteIsRedirectedAndOtherRoutesStayPlain() throws Exception {
        try (RawClient client = new RawClient(router.port())) {
            RawClient.Response r =
                    client.send("POST /form?x=1 HTTP/1.1\r\nHost: Secure.localhost:8080\r\nContent-Length: 0\r\n\r\n");
            assertThat(r.status()).isEqualTo(308);
            assertThat(r.header("location")).isEqualTo("https://secure.localhost:" + router.tlsPort() + "/form?x=1");
            assertThat(client.get("shop.localhost", "/").body()).isEqualTo("web");
        }
        assertThat(secure.requests.get()).isZero();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(https("secure.localhost", "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("secure");
    }

    @Test
    void aClientWithoutSniGetsTheDefaultCertificate() throws Exception {
        try (SSLSocket s = TlsClient.to(router.tlsPort(), ca.clientContext())
                        .alpn("http/1.1")
                        .connect();
                RawClient client = new RawClient(s)) {
            assertThat(TlsClient.servedNames(s)).contains("shop.localhost");
            assertThat(client.get("shop.localhost", "/").status()).isEqualTo(200);
        }
    }

    @Test
    void aNewCertificateIsServedWithoutDroppingAnOpenConnection() throws Exception {
        try (SSLSocket before = TlsClient.to(router.tlsPort(), ca.clientContext())
                        .sni("new.localhost")
                        .alpn("http/1.1")
                        .connect();
                RawClient open = new RawClient(before)) {
            assertThat(TlsClient.servedNames(before)).doesNotContain("new.localhost");
            assertThat(open.get("shop.localhost", "/").status()).isEqualTo(200);
            Path tmp = Files.createTempDirectory(certs.getParent(), "staging");
            ca.write(tmp, "new", "new.localhost");
            Files.move(tmp.resolve("new.key"), certs.resolve("new.key"));
            Files.move(tmp.resolve("new.crt"), certs.resolve("new.crt"));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (SSLSocket s = TlsClient.to(router.tlsPort(), ca.clientContext())
                        .sni("new.localhost")
                        .alpn("http/1.1")
                        .connect()) {
                    return TlsClient.servedNames(s).contains("new.localhost");
                }
            });
            assertThat(open.get("shop.localhost", "/").status()).isEqualTo(200);
        }
    }

    @Test
    void aFailedHandshakeIsCountedAndTheListenerKeepsServing() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", router.tlsPort())) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: shop.localhost\r\n\r\n".getBytes());
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> router.stats().connections().tlsHandshakeFailures() == 1);
        assertThat(http.send(
                                HttpRequest.newBuilder(https("shop.localhost", "/"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
    }
}
