package dev.gantry.proxy;

import static org.awaitility.Awaitility.await;

import dev.gantry.api.Backend;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend on a raw ServerSocket (loopback, port 0 by default) that reads every request with
 * {@link StrictRequestParser}, records it, and answers 200 with a small Content-Length body and
 * {@code X-Echo-Target: <target>}, keeping the connection alive. A message the strict reading
 * flags is recorded, answered 400 and the connection closed. {@link #reply(Reply)} makes it
 * misbehave on purpose for the response-side cases. Health probes on {@link #HEALTH_PATH} are
 * answered and not recorded.
 */
final class RecordingBackend implements AutoCloseable {
    static final String HEALTH_PATH = "/_health_probe";
    static final String ECHO_TARGET = "X-Echo-Target";

    /** How the backend answers: properly, or with one of the response-side faults. */
    enum Reply {
        NORMAL,
        /** Two different Content-Length fields: the router must answer 502. */
        CONFLICTING_LENGTHS,
        /** Content-Length and Transfer-Encoding: chunked together. */
        LENGTH_AND_CHUNKED,
        /** A header value with a bare LF and an injected field after it (response splitting). */
        BARE_LF_IN_HEADER,
        /** A header value with a bare CR and an injected field after it. */
        BARE_CR_IN_HEADER,
        /** Content-Length: 100, then 10 bytes, then the connection closes. */
        TRUNCATED_BODY,
        /** A chunked body cut before its last chunk, then the connection closes. */
        CHUNKED_CUT,
        /** The answer, then a second, unsolicited response in the same write. */
        EXTRA_RESPONSE,
        /** The answer lists its own framing field as hop-by-hop: {@code Connection: content-length}. */
        CONNECTION_CONTENT_LENGTH
    }

    private final ServerSocket server;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<StrictRequestParser> parsers = ConcurrentHashMap.newKeySet();
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile Reply reply = Reply.NORMAL;

    RecordingBackend() throws IOException {
        this(0);
    }

    RecordingBackend(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        Thread.ofPlatform().daemon().name("recording-backend-accept").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    Backend backend() {
        return new Backend("recording", "127.0.0.1", port(), 1, 100);
    }

    /** Every message received since the last {@link #reset()}, in arrival order. */
    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    void reset() {
        requests.clear();
        reply = Reply.NORMAL;
    }

    void reply(Reply r) {
        reply = r;
    }

    /** Waits until no byte has arrived for {@code quiet} and no message is half read. */
    void awaitQuiet(Duration quiet) {
        await().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(10))
                .atMost(Duration.ofSeconds(10))
                .until(() -> silentFor(quiet) && parsers.stream().noneMatch(StrictRequestParser::inMessage));
    }

    /** Waits until no byte has arrived for {@code quiet}, even if a message is half read. */
    void awaitSilence(Duration quiet) {
        await().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(10))
                .atMost(Duration.ofSeconds(10))
                .until(() -> silentFor(quiet));
    }

    private boolean silentFor(Duration quiet) {
        return System.nanoTime() - lastActivityNanos > quiet.toNanos();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(RecordingBackend::closeQuietly);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread.ofVirtual().name("recording-backend-conn").start(() -> serve(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        StrictRequestParser parser = null;
        try (s) {
            parser = new StrictRequestParser(new BufferedInputStream(new ActivityStream(s)));
            parsers.add(parser);
            OutputStream out = s.getOutputStream();
            for (RecordedRequest r = parser.next(); r != null; r = parser.next()) {
                if (!answer(r, out)) return;
            }
        } catch (EOFException halfMessage) {
            // the peer closed inside a message: nothing to record, a proxy may abort a request it rejects
        } catch (IOException gone) {
            // reset or closed by close()
        } finally {
            if (parser != null) parsers.remove(parser);
            sockets.remove(s);
        }
    }

    /** Writes the answer; returns whether the connection stays open. */
    private boolean answer(RecordedRequest r, OutputStream out) throws IOException {
        if (HEALTH_PATH.equals(r.target()) && r.clean()) {
            out.write(response(r, "200 OK", "", "healthy\n").getBytes(StandardCharsets.ISO_8859_1));
            return keepAlive(r);
        }
        requests.add(r);
        if (!r.clean()) {
            out.write(response(r, "400 Bad Request", "Connection: close\r\n", r.problem() + "\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return false;
        }
        Reply mode = reply;
        out.write(bytes(mode, r));
        out.flush();
        return keepAlive(r) && mode != Reply.TRUNCATED_BODY && mode != Reply.CHUNKED_CUT;
    }

    private static byte[] bytes(Reply mode, RecordedRequest r) {
        String keep = keepAlive(r)
                ? (r.version().equals("HTTP/1.0") ? "Connection: keep-alive\r\n" : "")
                : "Connection: close\r\n";
        String echo = ECHO_TARGET + ": " + StrictRequestParser.printable(r.target()) + "\r\n";
        String text = switch (mode) {
            case NORMAL -> response(r, "200 OK", keep, "ok\n");
            case CONFLICTING_LENGTHS ->
                "HTTP/1.1 200 OK\r\n" + echo + keep + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nok\n";
            case LENGTH_AND_CHUNKED ->
                "HTTP/1.1 200 OK\r\n" + echo + keep
                        + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nok\n\r\n0\r\n\r\n";
            case BARE_LF_IN_HEADER ->
                "HTTP/1.1 200 OK\r\n" + echo + keep + "X-Note: a\nX-Injected: yes\r\nContent-Length: 3\r\n\r\nok\n";
            case BARE_CR_IN_HEADER ->
                "HTTP/1.1 200 OK\r\n" + echo + keep + "X-Note: a\rX-Injected: yes\r\nContent-Length: 3\r\n\r\nok\n";
            case TRUNCATED_BODY -> "HTTP/1.1 200 OK\r\n" + echo + "Content-Length: 100\r\n\r\n0123456789";
            case CHUNKED_CUT ->
                "HTTP/1.1 200 OK\r\n" + echo + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n";
            case EXTRA_RESPONSE ->
                response(r, "200 OK", keep, "ok\n") + "HTTP/1.1 200 OK\r\n" + ECHO_TARGET
                        + ": /unsolicited\r\nContent-Length: 9\r\n\r\nsmuggled\n";
            case CONNECTION_CONTENT_LENGTH ->
                "HTTP/1.1 200 OK\r\n" + echo + keep + "Connection: content-length\r\nContent-Length: 3\r\n\r\nok\n";
        };
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String response(RecordedRequest r, String status, String extraHeaders, String body) {
        return "HTTP/1.1 " + status + "\r\n" + ECHO_TARGET + ": " + StrictRequestParser.printable(r.target()) + "\r\n"
                + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n" + extraHeaders + "\r\n"
                + body;
    }

    private static boolean keepAlive(RecordedRequest r) {
        List<String> connection = r.values("connection");
        boolean close = connection.stream().anyMatch(v -> v.toLowerCase().contains("close"));
        boolean keep = connection.stream().anyMatch(v -> v.toLowerCase().contains("keep-alive"));
        return r.version().equals("HTTP/1.0") ? keep && !close : !close;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** The socket's input, noting the time of every read that returned bytes. */
    private final class ActivityStream extends FilterInputStream {
        ActivityStream(Socket s) throws IOException {
            super(s.getInputStream());
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) lastActivityNanos = System.nanoTime();
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) lastActivityNanos = System.nanoTime();
            return n;
        }
    }
}
