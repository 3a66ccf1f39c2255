package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.Backend;
import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A backend that takes requests and never answers (its host's link was cut) leaves the route table: with weight (the
 * control plane lost its host), the idempotent requests waiting on it go to another backend at once; a POST without
 * an Idempotency-Key is never sent twice; and at weight 0 (an orderly drain) nothing is re-sent.
 */
class RouterBackendLeftTest {
    private FakeBackend web;
    private SilentBackend silent;
    private Router router;

    @BeforeEach
    void start() throws Exception {
        web = new FakeBackend("web");
        silent = new SilentBackend();
        router = Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(1)
                .healthInterval(Duration.ofHours(1))
                .balancer(Balancer.ROUND_ROBIN)
                .build()
                .start();
        // round robin sends the first request to the first backend: the silent one
        route(1, silent.backend(100), web.backend(100));
    }

    @AfterEach
    void stop() throws Exception {
        router.close();
        web.close();
        silent.close();
    }

    @Test
    void aGetWaitingOnABackendThatLeftWithWeightIsAnsweredByAnother() throws Exception {
        CompletableFuture<RawClient.Response> answer = send("GET / HTTP/1.1\r\nHost: shop.localhost\r\n\r\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> silent.requests.get() == 1);

        route(2, web.backend(100));

        RawClient.Response r = answer.get(5, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("web");
    }

    @Test
    void aPostWithoutAnIdempotencyKeyIsNeverSentTwice() throws Exception {
        CompletableFuture<RawClient.Response> answer =
                send("POST / HTTP/1.1\r\nHost: shop.localhost\r\nContent-Length: 2\r\n\r\nhi");
        await().atMost(Duration.ofSeconds(10)).until(() -> silent.requests.get() == 1);

        route(2, web.backend(100));
        silent.close();

        assertThat(answer.get(10, TimeUnit.SECONDS).status()).isEqualTo(502);
        assertThat(web.requests.get()).isZero();
    }

    @Test
    void aGetOnABackendDrainedAtWeightZeroIsLeftToFinishThere() throws Exception {
        CompletableFuture<RawClient.Response> answer = send("GET / HTTP/1.1\r\nHost: shop.localhost\r\n\r\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> silent.requests.get() == 1);

        route(2, silent.backend(0), web.backend(100));
        route(3, web.backend(100));
        silent.answerAll();

        RawClient.Response r = answer.get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("silent");
        assertThat(web.requests.get()).isZero();
    }

    private void route(long version, Backend... backends) {
        router.update(
                new RouteTable(version, List.of(new Route("shop", "shop.localhost", "/", null, List.of(backends)))));
    }

    private CompletableFuture<RawClient.Response> send(String raw) {
        return CompletableFuture.supplyAsync(() -> {
            try (RawClient client = new RawClient(router.port())) {
                return client.send(raw);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /**
     * Reads each request's head and never answers; closing it drops every connection it holds. Counts the requests for
     * {@code /}, not the router's health probes.
     */
    private static final class SilentBackend implements AutoCloseable {
        final AtomicInteger requests = new AtomicInteger();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        SilentBackend() throws IOException {
            Thread.ofVirtual().start(this::accept);
        }

        Backend backend(int weight) {
            return new Backend("silent", "127.0.0.1", server.getLocalPort(), 1, weight);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    held.add(s);
                    Thread.ofVirtual().start(() -> readHead(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void readHead(Socket s) {
            try {
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                while (head.indexOf("\r\n\r\n") < 0) {
                    int b = in.read();
                    if (b < 0) return;
                    head.append((char) b);
                }
                if (head.toString().matches("(?s)[A-Z]+ / HTTP/1.1\r\n.*")) requests.incrementAndGet();
            } catch (IOException e) {
                // closed
            }
        }

        /** Answers every request it holds, at last. */
        void answerAll() throws IOException {
            for (Socket s : held) {
                s.getOutputStream()
                        .write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsilent"
                                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) s.close();
        }
    }
}
