package dev.gantry.server.alerts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP server on port 0 recording every POST's body and signature header; answers 204 (or 503 when told). */
final class WebhookReceiver implements AutoCloseable {
    record Received(String body, String signature) {}

    final List<Received> received = new CopyOnWriteArrayList<>();
    /** How many of the next POSTs are refused with 503 (and not recorded). */
    final java.util.concurrent.atomic.AtomicInteger refuseNext = new java.util.concurrent.atomic.AtomicInteger();

    private final HttpServer server;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ex.sendResponseHeaders(503, -1);
                ex.close();
                return;
            }
            received.add(new Received(body, ex.getRequestHeaders().getFirst("X-Gantry-Signature")));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
