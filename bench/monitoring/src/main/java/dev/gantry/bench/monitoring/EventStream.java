package dev.gantry.bench.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A server-sent event stream read straight off one HTTP/1.1 connection (chunked or not), with as little work per
 * byte as can be: 100 of these share the load generator's CPU with the control plane. Each {@link #next} answers one
 * event; its data stays in a reused buffer ({@link #data}, {@link #length}) until the next call.
 */
final class EventStream implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final byte[] buffer = new byte[65536];
    private int position;
    private int limit;
    private boolean chunked;
    private long chunkLeft;
    private byte[] line = new byte[8192];
    private int lineLength;
    private byte[] data = new byte[65536];
    private int length;
    private String event;

    private EventStream(Socket socket, InputStream in) {
        this.socket = socket;
        this.in = in;
    }

    /** Connects and sends {@code GET path} with the bearer {@code token}; IllegalStateException on a status not 200. */
    static EventStream open(URI base, String path, String token) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
        s.setTcpNoDelay(true);
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                        + "\r\nAuthorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        EventStream stream = new EventStream(s, s.getInputStream());
        String status = stream.rawLine();
        for (String h; (h = stream.rawLine()) != null && !h.isEmpty(); ) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) stream.chunked = true;
        }
        if (status == null || !status.startsWith("HTTP/1.1 200")) {
            String body =
                    new String(stream.buffer, stream.position, stream.limit - stream.position, StandardCharsets.UTF_8);
            s.close();
            throw new IllegalStateException("GET " + path + ": " + status + " " + body.strip());
        }
        return stream;
    }

    /** Reads the next event; answers its name ("message" if unnamed), or null at the end of the stream. */
    String next() throws IOException {
        event = "message";
        length = 0;
        while (readLine()) {
            if (lineLength == 0) {
                if (length > 0) return event;
                continue;
            }
            if (startsWith("event:")) {
                event = new String(line, 6, lineLength - 6, StandardCharsets.UTF_8).strip();
            } else if (startsWith("data:")) {
                int from = lineLength > 5 && line[5] == ' ' ? 6 : 5;
                if (length > 0) append(new byte[] {'\n'}, 0, 1);
                append(line, from, lineLength - from);
            }
        }
        return null;
    }

    byte[] data() {
        return data;
    }

    int length() {
        return length;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One line of the event stream (CR LF or LF), in {@link #line}; false at the end of the stream. */
    private boolean readLine() throws IOException {
        lineLength = 0;
        for (int b; (b = body()) != -1; ) {
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') lineLength--;
                return true;
            }
            if (lineLength == line.length) line = Arrays.copyOf(line, line.length * 2);
            line[lineLength++] = (byte) b;
        }
        return false;
    }

    /** The next byte of the response body, de-chunked; -1 at its end. */
    private int body() throws IOException {
        if (!chunked) return read();
        if (chunkLeft == 0) {
            String size = rawLine();
            if (size == null) return -1;
            if (size.isEmpty()) size = rawLine(); // the CR LF after the previous chunk's data
            if (size == null) return -1;
            int semi = size.indexOf(';');
            chunkLeft = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
            if (chunkLeft == 0) return -1;
        }
        chunkLeft--;
        return read();
    }

    private int read() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++] & 0xff;
    }

    /** A line of the raw connection (status, headers, chunk sizes); null at the end. */
    private String rawLine() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = read()) != -1; ) {
            if (c == '\n') {
                int end = b.length() > 0 && b.charAt(b.length() - 1) == '\r' ? b.length() - 1 : b.length();
                return b.substring(0, end);
            }
            b.append((char) c);
        }
        return b.isEmpty() ? null : b.toString();
    }

    private boolean startsWith(String prefix) {
        if (lineLength < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) if (line[i] != prefix.charAt(i)) return false;
        return true;
    }

    private void append(byte[] from, int offset, int n) {
        if (length + n > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, length + n));
        System.arraycopy(from, offset, data, length, n);
        length += n;
    }
}
