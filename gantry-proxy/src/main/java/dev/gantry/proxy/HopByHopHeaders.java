package dev.gantry.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Fields that describe one connection, not the message (RFC 9110 section 7.6.1): {@code Connection},
 * every field any {@code Connection} line names, and the fixed list below. They are removed in both
 * directions. Framing fields are never hop-by-hop: {@code Content-Length}, {@code Transfer-Encoding}
 * and {@code Host} stay even when a {@code Connection} line names them (a request that does so is
 * refused earlier, by {@link RequestCheck}). Bodies are re-framed by Netty, so a chunked message
 * keeps exactly {@code Transfer-Encoding: chunked}.
 */
final class HopByHopHeaders {
    private static final AsciiString[] NAMES = {
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_AUTHENTICATE,
        HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
        HttpHeaderNames.UPGRADE, AsciiString.cached("proxy-connection")
    };

    private HopByHopHeaders() {}

    /** Removes hop-by-hop fields; returns whether the message was chunked. */
    static boolean strip(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION))
            removeListed(headers.getAll(HttpHeaderNames.CONNECTION), headers);
        for (AsciiString name : NAMES) headers.remove(name);
        if (!headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) return false;
        boolean chunked = headers.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        if (chunked) headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        return chunked;
    }

    /** Whether any {@code Connection} line names a framing field (Content-Length, Transfer-Encoding, Host). */
    static String namedFramingField(HttpHeaders headers) {
        if (!headers.contains(HttpHeaderNames.CONNECTION)) return null;
        for (String line : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : line.split(",")) {
                String name = token.strip();
                if (isFraming(name)) return name;
            }
        }
        return null;
    }

    /** Whether a {@code Connection} value lists {@code token} (case-insensitive), on any line. */
    static boolean connectionHas(HttpHeaders headers, String token) {
        for (String line : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String t : line.split(",")) {
                if (t.strip().equalsIgnoreCase(token)) return true;
            }
        }
        return false;
    }

    private static void removeListed(List<String> lines, HttpHeaders headers) {
        for (String line : lines) {
            for (String token : line.split(",")) {
                String name = token.strip();
                if (name.isEmpty()
                        || isFraming(name)
                        || name.equalsIgnoreCase("close")
                        || name.equalsIgnoreCase("keep-alive")) continue;
                headers.remove(name);
            }
        }
    }

    private static boolean isFraming(String name) {
        return HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.HOST.contentEqualsIgnoreCase(name);
    }
}
