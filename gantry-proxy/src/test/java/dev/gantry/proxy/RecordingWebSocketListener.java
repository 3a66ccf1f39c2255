package dev.gantry.proxy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Captures what a JDK WebSocket receives: whole text messages in order, and how it ended. */
final class RecordingWebSocketListener implements WebSocket.Listener {
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    /** Completes with the close code, or -1 when the connection broke without a close frame. */
    final CompletableFuture<Integer> ended = new CompletableFuture<>();

    /** Opens a WebSocket to {@code uri} with a new listener; the handshake must finish within 5 s. */
    static Connected connect(HttpClient http, URI uri) throws Exception {
        RecordingWebSocketListener listener = new RecordingWebSocketListener();
        WebSocket ws = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, listener)
                .get(5, TimeUnit.SECONDS);
        return new Connected(ws, listener);
    }

    /** An open WebSocket and what it received. */
    record Connected(WebSocket ws, RecordingWebSocketListener received) {
        /** Sends one text message and returns the next message received (the echo, from an echo server). */
        String roundTrip(String text) throws Exception {
            ws.sendText(text, true).get(10, TimeUnit.SECONDS);
            return received.next();
        }

        boolean ended() {
            return received.ended.isDone();
        }
    }

    /** The next whole message; fails after 10 s. */
    String next() throws Exception {
        String m = messages.poll(10, TimeUnit.SECONDS);
        if (m == null) throw new IOException("no message within 10 s");
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
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        ended.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        ended.complete(-1);
    }
}
