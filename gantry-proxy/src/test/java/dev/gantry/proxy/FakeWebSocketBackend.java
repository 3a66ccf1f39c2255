package dev.gantry.proxy;

import dev.gantry.api.Backend;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket backend on a raw ServerSocket (the JDK has a WebSocket client but no server). Paths:
 * {@code /ws} completes the RFC 6455 handshake and echoes every frame (reads masked frames, writes
 * unmasked ones; answers a ping with a pong and a close with a close); {@code /greet} does the same
 * but sends a text frame "welcome" in the very write that carries its 101; {@code /flood} answers
 * 101 and then writes {@link #FLOOD_BYTES} raw bytes (byte i is {@code i % 251}); {@code /refuse}
 * answers a handshake with 200; {@code /no-accept} answers 101 without Sec-WebSocket-Accept;
 * {@code /switch} answers 101 to any request; anything else gets 200 with the backend's name.
 * Connections are keep-alive. Records every request's header, names lower-cased.
 */
final class FakeWebSocketBackend implements AutoCloseable {
    static final long FLOOD_BYTES = 128L * 1024 * 1024;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    final String name;
    final ConcurrentLinkedQueue<Map<String, List<String>>> requests = new ConcurrentLinkedQueue<>();
    /** Connections the router closed (the backend read end of stream or a reset). */
    final AtomicInteger closedByRouter = new AtomicInteger();

    final AtomicLong floodWritten = new AtomicLong();
    private final Set<Socket> tunnels = ConcurrentHashMap.newKeySet();
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    FakeWebSocketBackend(String name) throws IOException {
        this.name = name;
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    Backend backend(int weight) {
        return backend(weight, 1);
    }

    Backend backend(int weight, int release) {
        return new Backend(name, "127.0.0.1", server.getLocalPort(), release, weight);
    }

    /** Headers of the requests for {@code path} (query ignored), oldest first. */
    List<Map<String, List<String>>> requestsTo(String path) {
        return requests.stream()
                .filter(h -> h.get(":path").get(0).split("\\?")[0].equals(path))
                .toList();
    }

    int openTunnels() {
        return tunnels.size();
    }

    /** Closes the TCP connection of every open WebSocket, without a close frame. */
    void dropTunnels() throws IOException {
        for (Socket s : tunnels) s.close();
    }

    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket s : tunnels) s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                threads.execute(() -> serve(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            OutputStream out = s.getOutputStream();
            for (Map<String, List<String>> head = readHead(in); head != null; head = readHead(in)) {
                requests.add(head);
                if (!answer(head, in, out, s)) return;
            }
            closedByRouter.incrementAndGet();
        } catch (IOException e) {
            if (!s.isClosed()) closedByRouter.incrementAndGet();
        } finally {
            tunnels.remove(s);
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Answers one request; returns false once the connection is no longer HTTP. */
    private boolean answer(Map<String, List<String>> head, DataInputStream in, OutputStream out, Socket s)
            throws IOException {
        String target = head.get(":path").get(0);
        String path = target.indexOf('?') < 0 ? target : target.substring(0, target.indexOf('?'));
        String key = first(head, "sec-websocket-key");
        in.skipNBytes(Long.parseLong(first(head, "content-length") == null ? "0" : first(head, "content-length")));
        switch (path) {
            case "/ws", "/greet" -> {
                byte[] greeting =
                        path.equals("/greet") ? frame(0x81, "welcome".getBytes(StandardCharsets.UTF_8)) : new byte[0];
                out.write(concat(switching("Sec-WebSocket-Accept: " + accept(key) + "\r\n"), greeting));
                tunnels.add(s);
                echo(in, out);
                return false;
            }
            case "/flood" -> {
                out.write(switching("Sec-WebSocket-Accept: " + accept(key) + "\r\n"));
                tunnels.add(s);
                flood(out);
                return false;
            }
            case "/no-accept" -> out.write(switching(""));
            case "/switch" -> out.write(switching("Sec-WebSocket-Accept: x\r\n"));
            case "/refuse" -> out.write(ok("no websocket here"));
            default -> out.write(ok(name));
        }
        out.flush();
        return !path.equals("/no-accept") && !path.equals("/switch");
    }

    private static byte[] switching(String extra) {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + extra + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] ok(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return concat(
                ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + b.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1),
                b);
    }

    /** Echoes frames until a close frame (answered with a close) or the end of the stream. */
    private void echo(DataInputStream in, OutputStream out) throws IOException {
        while (true) {
            int b0;
            try {
                b0 = in.readUnsignedByte();
            } catch (EOFException end) {
                closedByRouter.incrementAndGet();
                return;
            }
            int opcode = b0 & 0x0f;
            byte[] payload = readPayload(in);
            int replyHead = opcode == 0x9 ? 0x8a : b0;
            out.write(frame(replyHead, payload));
            out.flush();
            if (opcode == 0x8) return;
        }
    }

    private void flood(OutputStream out) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        for (long sent = 0; sent < FLOOD_BYTES; sent += chunk.length) {
            for (int i = 0; i < chunk.length; i++) chunk[i] = (byte) ((sent + i) % 251);
            out.write(chunk);
            floodWritten.addAndGet(chunk.length);
        }
        out.flush();
    }

    /** A client frame's payload: masked, as RFC 6455 section 5.3 requires of clients. */
    private static byte[] readPayload(DataInputStream in) throws IOException {
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7f;
        if (length == 126) length = in.readUnsignedShort();
        if (length == 127) length = in.readLong();
        byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : null;
        byte[] payload = in.readNBytes((int) length);
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
        }
        return payload;
    }

    /** An unmasked frame, as servers send them. */
    static byte[] frame(int head, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 10);
        f.write(head);
        if (payload.length < 126) {
            f.write(payload.length);
        } else if (payload.length < 65536) {
            f.write(126);
            f.write(payload.length >>> 8);
            f.write(payload.length);
        } else {
            f.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) f.write((int) ((long) payload.length >>> shift));
        }
        f.writeBytes(payload);
        return f.toByteArray();
    }

    /** The request line and header, as a map of lower-cased names (":path" for the target); null at end of stream. */
    private static Map<String, List<String>> readHead(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null) return null;
        Map<String, List<String>> head = new HashMap<>();
        String[] parts = requestLine.split(" ");
        head.put(":method", List.of(parts[0]));
        head.put(":path", List.of(parts[1]));
        head.put(":version", List.of(parts[2]));
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            head.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(), k -> new ArrayList<>())
                    .add(l.substring(colon + 1).trim());
        }
        return head;
    }

    static String first(Map<String, List<String>> head, String name) {
        List<String> values = head.get(name);
        return values == null ? null : values.get(0);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') return sb.toString();
            if (c != '\r') sb.append((char) c);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
