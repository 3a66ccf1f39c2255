package dev.gantry.examples.websocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The server side of one WebSocket (RFC 6455): the 101 answer to the opening handshake, then
 * frames. Client frames arrive masked; the server's go out unmasked. Every data frame is echoed
 * as it came (so fragmented messages stay fragmented), pings get pongs, a close gets a close.
 */
final class WebSocketConnection {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_PAYLOAD = 16 * 1024 * 1024;
    private static final int TEXT = 0x1;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;
    private static final int FIN = 0x80;

    private final DataInputStream in;
    private final OutputStream out;
    private boolean closeSent;

    WebSocketConnection(InputStream in, OutputStream out) {
        this.in = new DataInputStream(in);
        this.out = out;
    }

    /** Sec-WebSocket-Accept for a key: base64(SHA-1(key + the RFC's GUID)). */
    static String acceptValue(String key) {
        try {
            byte[] sha1 =
                    MessageDigest.getInstance("SHA-1").digest((key.strip() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    void accept(String key) throws IOException {
        String head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + acceptValue(key) + "\r\n\r\n";
        write(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    void sendText(String text) throws IOException {
        send(FIN | TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Echoes until the client closes (answered with a close) or the connection ends. */
    void echoUntilClosed() throws IOException {
        while (true) {
            int b0;
            try {
                b0 = in.readUnsignedByte();
            } catch (EOFException end) {
                return;
            }
            byte[] payload = readPayload();
            if (payload == null) {
                sendClose(1009);
                return;
            }
            switch (b0 & 0x0f) {
                case CLOSE -> {
                    sendCloseEcho(payload);
                    return;
                }
                case PING -> send(FIN | PONG, payload);
                case PONG -> {}
                default -> send(b0, payload);
            }
        }
    }

    /** Closes with 1001 (going away) from another thread: the server is stopping. */
    void goAway() {
        try {
            sendClose(1001);
        } catch (IOException gone) {
            // the connection is already gone
        }
    }

    /** A masked client payload, unmasked; null when it is over {@link #MAX_PAYLOAD}. */
    private byte[] readPayload() throws IOException {
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7f;
        if (length == 126) length = in.readUnsignedShort();
        if (length == 127) length = in.readLong();
        if (length > MAX_PAYLOAD) return null;
        byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : new byte[4];
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) throw new EOFException("frame cut short");
        for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
        return payload;
    }

    private synchronized void sendCloseEcho(byte[] payload) throws IOException {
        if (!closeSent) send(FIN | CLOSE, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
        closeSent = true;
    }

    private synchronized void sendClose(int code) throws IOException {
        if (closeSent) return;
        send(FIN | CLOSE, new byte[] {(byte) (code >>> 8), (byte) code});
        closeSent = true;
    }

    /** One unmasked frame; writes from the echo loop and from {@link #goAway} never interleave. */
    private synchronized void send(int head, byte[] payload) throws IOException {
        if (closeSent) return;
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
        write(f.toByteArray());
    }

    private synchronized void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }
}
