package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP/2 denial-of-service classes of 2023-2025, sent frame by frame; each is bounded, and the router keeps serving. */
class RouterHttp2FloodTest {
    @TempDir
    Path certs;

    private final TestCertificates ca = new TestCertificates();
    private FakeBackend web;
    private Router router;

    @BeforeEach
    void start() throws Exception {
        ca.write(certs, "default", "shop.localhost");
        web = new FakeBackend("web");
        router = Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(1)
                .tls(TlsOptions.certificates(certs), 0)
                .build()
                .start();
        router.update(
                new RouteTable(1, List.of(new Route("web", "shop.localhost", "/", null, List.of(web.backend(100))))));
    }

    @AfterEach
    void stop() {
        router.close();
        web.close();
    }

    private H2Wire connect() throws Exception {
        return new H2Wire(TlsClient.to(router.tlsPort(), ca.clientContext())
                .sni("shop.localhost")
                .alpn("h2")
                .connect());
    }

    @Test
    void rapidResetIsCutOffAndFewRequestsReachTheBackend() throws Exception {
        int sent = 0;
        try (H2Wire h2 = connect()) {
            for (int i = 0; i < 5_000; i++) {
                int stream = 2 * i + 1;
                if (!h2.write(H2Wire.frame(
                                H2Wire.HEADERS,
                                H2Wire.END_STREAM | H2Wire.END_HEADERS,
                                stream,
                                h2.headerBlock(stream, "shop.localhost", "/slow")))
                        || !h2.write(H2Wire.rstStream(stream, H2Wire.CANCEL))) {
                    break;
                }
                sent++;
                if (i % 50 == 0 && !h2.flush()) break;
            }
            h2.flush();
            H2Wire.Frame goAway = h2.untilGoAwayOrClose();
            if (goAway != null) assertThat(goAway.errorCode()).isEqualTo(0xb);
        }
        assertThat(sent).isGreaterThan(Http2Frontend.MAX_RST_FRAMES);
        assertThat(web.requests.get())
                .isLessThanOrEqualTo(Http2Frontend.MAX_RST_FRAMES + Http2Frontend.MAX_CONCURRENT_STREAMS);
        assertStillServing();
    }

    @Test
    void endlessContinuationFramesCloseTheConnectionAndReachNoBackend() throws Exception {
        try (H2Wire h2 = connect()) {
            byte[] block = h2.headerBlock(1, "shop.localhost", "/");
            h2.write(H2Wire.frame(H2Wire.HEADERS, H2Wire.END_STREAM, 1, java.util.Arrays.copyOf(block, 1)));
            for (int i = 0; i < 100_000; i++) {
                if (!h2.write(H2Wire.frame(H2Wire.CONTINUATION, 0, 1, new byte[] {0}))) break;
            }
            h2.flush();
            assertThat(h2.untilGoAwayOrClose())
                    .satisfiesAnyOf(
                            f -> assertThat(f).isNull(),
                            f -> assertThat(f.errorCode()).isNotZero());
        }
        assertThat(web.requests.get()).isZero();
        assertStillServing();
    }

    @Test
    void aHeaderBlockOverTheLimitAcrossContinuationFramesIsRefused() throws Exception {
        try (H2Wire h2 = connect()) {
            byte[] big = new byte[16_000];
            java.util.Arrays.fill(big, (byte) 0x40);
            h2.write(H2Wire.frame(H2Wire.HEADERS, H2Wire.END_STREAM, 1, big));
            for (int i = 0; i < 200; i++) {
                if (!h2.write(H2Wire.frame(H2Wire.CONTINUATION, 0, 1, big))) break;
            }
            h2.flush();
            H2Wire.Frame f;
            do {
                f = h2.read();
            } while (f != null && f.type() != H2Wire.GOAWAY && f.type() != H2Wire.RST_STREAM);
        }
        assertThat(web.requests.get()).isZero();
        assertStillServing();
    }

    @Test
    void aPingFloodFromAClientThatNeverReadsIsCutOff() throws Exception {
        try (H2Wire h2 = connect()) {
            byte[] ping = H2Wire.frame(H2Wire.PING, 0, 0, new byte[8]);
            boolean open = true;
            for (int i = 0; i < 2_000_000 && open; i++) {
                open = h2.write(ping);
            }
            assertThat(open)
                    .as("the router closed the connection before two million pings")
                    .isFalse();
        }
        assertStillServing();
    }

    @Test
    void streamsBeyondTheConcurrencyLimitAreRefused() throws Exception {
        try (H2Wire h2 = connect()) {
            int limit = Http2Frontend.MAX_CONCURRENT_STREAMS;
            for (int i = 0; i <= limit; i++) {
                int stream = 2 * i + 1;
                h2.write(H2Wire.frame(
                        H2Wire.HEADERS, H2Wire.END_HEADERS, stream, h2.headerBlock(stream, "shop.localhost", "/")));
            }
            h2.flush();
            H2Wire.Frame f;
            do {
                f = h2.read();
            } while (f != null && f.type() != H2Wire.RST_STREAM);
            assertThat(f).isNotNull();
            assertThat(f.stream()).isEqualTo(2 * limit + 1);
            assertThat(f.errorCode()).isEqualTo(H2Wire.REFUSED_STREAM);
        }
        assertThat(web.requests.get()).isZero();
    }

    private void assertStillServing() throws Exception {
        try (HttpClient http = HttpClient.newBuilder()
                .sslContext(ca.clientContext())
                .version(HttpClient.Version.HTTP_2)
                .build()) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("https://shop.localhost:" + router.tlsPort() + "/"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }
}
