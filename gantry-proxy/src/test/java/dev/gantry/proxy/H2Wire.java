package dev.gantry.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/2 frames written by hand (RFC 9113 section 4), so tests can send what no well-behaved
 * client would: floods of resets, CONTINUATION frames, pings. Header blocks are HPACK-encoded
 * with Netty's encoder.
 */
final class H2Wire implements AutoCloseable {
    static final int DATA = 0;
    static final int HEADERS = 1;
    static final int RST_STREAM = 3;
    static final int SETTINGS = 4;
    static final int PING = 6;
    static final int GOAWAY = 7;
    static final int CONTINUATION = 9;
    static final int END_STREAM = 0x1;
    static final int END_HEADERS = 0x4;
    static final int CANCEL = 0x8;
    static final int REFUSED_STREAM = 0x7;

    /** A frame as read back: type, flags, stream, and for RST_STREAM and GOAWAY the error code. */
    record Frame(int type, int flags, int stream, int errorCode) {}

    private final SSLSocket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final DefaultHttp2HeadersEncoder hpack = new DefaultHttp2HeadersEncoder();

    H2Wire(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.write(frame(SETTINGS, 0, 0, new byte[0]));
        out.flush();
    }

    byte[] headerBlock(int stream, String authority, String path) {
        return headerBlock(
                stream,
                new DefaultHttp2Headers()
                        .method("GET")
                        .scheme("https")
                        .authority(authority)
                        .path(path));
    }

    /** Any header list, also one Netty's own validation would refuse to build (use {@code new DefaultHttp2Headers(false)}). */
    byte[] headerBlock(int stream, Http2Headers h) {
        ByteBuf buf = Unpooled.buffer();
        try {
            hpack.encodeHeaders(stream, h, buf);
        } catch (Http2Exception e) {
            throw new IllegalStateException(e);
        }
        byte[] block = new byte[buf.readableBytes()];
        buf.readBytes(block);
        return block;
    }

    static byte[] frame(int type, int flags, int stream, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(9 + payload.length);
        f.write(payload.length >>> 16);
        f.write(payload.length >>> 8);
        f.write(payload.length);
        f.write(type);
        f.write(flags);
        f.writeBytes(new byte[] {(byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
        f.writeBytes(payload);
        return f.toByteArray();
    }

    static byte[] rstStream(int stream, int code) {
        return frame(RST_STREAM, 0, stream, new byte[] {
            (byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code
        });
    }

    /** Writes, and reports false instead of throwing once the router has closed the connection. */
    boolean write(byte[] bytes) {
        try {
            out.write(bytes);
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    boolean flush() {
        try {
            out.flush();
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** The next frame, or null at the end of the stream (or a reset connection). */
    Frame read() throws IOException {
        try {
            int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            byte[] payload = in.readNBytes(length);
            if (payload.length < length) return null;
            int code = -1;
            if (type == RST_STREAM) code = java.nio.ByteBuffer.wrap(payload).getInt();
            if (type == GOAWAY) code = java.nio.ByteBuffer.wrap(payload, 4, 4).getInt();
            return new Frame(type, flags, stream, code);
        } catch (java.io.EOFException | java.net.SocketException e) {
            return null;
        } catch (SocketTimeoutException e) {
            throw new IOException("the router neither answered nor closed in time", e);
        }
    }

    /** Reads until a GOAWAY or the end of the connection; returns the GOAWAY, or null if it just closed. */
    Frame untilGoAwayOrClose() throws IOException {
        for (Frame f = read(); f != null; f = read()) {
            if (f.type() == GOAWAY) return f;
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
