package dev.gantry.proxy;

import dev.gantry.api.Backend;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** A backend that reads each request's head and then closes the connection without answering. */
final class FakeDroppingBackend implements AutoCloseable {
    final AtomicInteger dropped = new AtomicInteger();
    private final ServerSocket server;
    private final Thread acceptor;

    FakeDroppingBackend() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    Backend backend(int weight) {
        return new Backend("dropper", "127.0.0.1", server.getLocalPort(), 1, weight);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> drop(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void drop(Socket s) {
        try (s;
                InputStream in = s.getInputStream()) {
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            int c;
            while (matched < 4 && (c = in.read()) != -1)
                matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
            if (matched == 4) dropped.incrementAndGet();
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
