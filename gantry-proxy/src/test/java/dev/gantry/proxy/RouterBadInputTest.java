package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouterBadInputTest {
    private FakeBackend web;
    private Router router;

    @BeforeEach
    void start() throws Exception {
        web = new FakeBackend("web");
        router = Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(1)
                .maxHeaderBytes(4096)
                .maxBodyBytes(1000)
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

    @Test
    void malformedRequestLineGets400AndTheConnectionCloses() throws Exception {
        assertRejected("GET\r\n\r\n", 400);
    }

    @Test
    void headerWithoutNameGets400() throws Exception {
        assertRejected("GET / HTTP/1.1\r\nHost: shop.localhost\r\n: no-name\r\n\r\n", 400);
    }

    @Test
    void headerNameWithSpaceGets400() throws Exception {
        assertRejected("GET / HTTP/1.1\r\nHost: shop.localhost\r\nBad Header: x\r\n\r\n", 400);
    }

    @Test
    void badChunkedBodyGets400() throws Exception {
        assertRejected(
                "POST / HTTP/1.1\r\nHost: shop.localhost\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nhello\r\n0\r\n\r\n",
                400);
    }

    @Test
    void headersOverTheLimitGet431() throws Exception {
        assertRejected("GET / HTTP/1.1\r\nHost: shop.localhost\r\nX-Big: " + "a".repeat(5000) + "\r\n\r\n", 431);
    }

    @Test
    void declaredBodyOverTheLimitGets413() throws Exception {
        assertRejected("POST / HTTP/1.1\r\nHost: shop.localhost\r\nContent-Length: 5000\r\n\r\n", 413);
    }

    @Test
    void streamedChunkedBodyOverTheLimitGets413() throws Exception {
        String chunk = "3e8\r\n" + "x".repeat(1000) + "\r\n";
        assertRejected(
                "POST / HTTP/1.1\r\nHost: shop.localhost\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk
                        + "0\r\n\r\n",
                413);
    }

    @Test
    void binaryGarbageGets400OrAClose() throws Exception {
        byte[] garbage = new byte[3000];
        new java.util.Random(42).nextBytes(garbage);
        try (RawClient client = new RawClient(router.port())) {
            client.write(garbage);
            try {
                assertThat(client.read().status()).isEqualTo(400);
            } catch (IOException closed) {
                // closing without an answer is also acceptable for garbage
            }
        }
        assertNormalRequestsStillWork();
    }

    @Test
    void chunkedBodyWithinTheLimitIsStreamedToTheBackend() throws Exception {
        try (RawClient client = new RawClient(router.port())) {
            RawClient.Response r =
                    client.send("POST / HTTP/1.1\r\nHost: shop.localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            assertThat(r.body()).isEqualTo("web got 11");
        }
    }

    @Test
    void expectContinueGets100ContinueThenTheBackendsAnswer() throws Exception {
        try (RawClient client = new RawClient(router.port())) {
            client.write("POST / HTTP/1.1\r\nHost: shop.localhost\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertThat(client.read().status()).isEqualTo(100);
            client.write("hello".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertThat(client.read().body()).isEqualTo("web got 5");
        }
        assertThat(web.requestHeaders)
                .allSatisfy(h -> assertThat(h.containsKey("Expect")).isFalse());
    }

    private void assertRejected(String raw, int status) throws Exception {
        try (RawClient client = new RawClient(router.port())) {
            RawClient.Response r = client.send(raw);
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertNormalRequestsStillWork();
    }

    private void assertNormalRequestsStillWork() throws Exception {
        try (RawClient client = new RawClient(router.port())) {
            assertThat(client.get("shop.localhost", "/").body()).isEqualTo("web");
            assertThat(client.get("shop.localhost", "/").body()).isEqualTo("web");
        }
    }
}
