package dev.gantry.examples.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EchoServerTest {
    private EchoServer server;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        server = new EchoServer(InetAddress.getLoopbackAddress(), 0);
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        server.close();
        http.shutdownNow();
    }

    @Test
    void aWebSocketIsGreetedThenEveryMessageComesBack() throws Exception {
        Recording r = new Recording();
        WebSocket ws =
                http.newWebSocketBuilder().buildAsync(uri("ws", "/ws"), r).get(5, TimeUnit.SECONDS);
        assertThat(r.next()).startsWith("connected to websocket-echo release 0 instance local");
        for (String m : new String[] {"hello", "", "é ✓", "z".repeat(300_000)}) {
            ws.sendText(m, true).get(5, TimeUnit.SECONDS);
            assertThat(r.next()).isEqualTo(m);
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        assertThat(r.closed.get(5, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
    }

    @Test
    void stoppingTheServerClosesOpenWebSocketsAsGoingAway() throws Exception {
        Recording r = new Recording();
        http.newWebSocketBuilder().buildAsync(uri("ws", "/ws"), r).get(5, TimeUnit.SECONDS);
        r.next();
        server.close();
        assertThat(r.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1001);
    }

    @Test
    void healthAndThePageAnswerPlainHttpOnOneConnection() throws Exception {
        HttpResponse<String> health =
                http.send(HttpRequest.newBuilder(uri("http", "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"");
        HttpResponse<String> page =
                http.send(HttpRequest.newBuilder(uri("http", "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("new WebSocket(");
        HttpResponse<String> plainWs =
                http.send(HttpRequest.newBuilder(uri("http", "/ws")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plainWs.statusCode()).isEqualTo(426);
    }

    @Test
    void theAcceptValueIsTheOneFromRfc6455() {
        assertThat(WebSocketConnection.acceptValue("dGhlIHNhbXBsZSBub25jZQ=="))
                .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    private URI uri(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.port() + path);
    }

    /** Captures whole text messages and the close code. */
    private static final class Recording implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        String next() throws InterruptedException {
            String m = messages.poll(5, TimeUnit.SECONDS);
            assertThat(m).as("a message within 5 s").isNotNull();
            return m;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
