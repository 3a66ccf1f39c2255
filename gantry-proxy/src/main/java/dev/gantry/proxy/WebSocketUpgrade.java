package dev.gantry.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Base64;
import java.util.List;

/**
 * The one protocol switch the router passes through: a WebSocket opening handshake (RFC 6455
 * section 4). A request qualifies only as RFC 6455 section 4.1 describes it; any other
 * {@code Upgrade} ({@code h2c}, {@code tls/1.0}, a WebSocket on a POST or in HTTP/1.0, one with a
 * body) is removed with the other hop-by-hop fields and the request goes on as plain HTTP.
 */
final class WebSocketUpgrade {
    private static final int KEY_BYTES = 16;

    private WebSocketUpgrade() {}

    /** Whether the client asks for a WebSocket. Call before the hop-by-hop fields are removed. */
    static boolean requested(HttpRequest request) {
        HttpHeaders h = request.headers();
        return request.method().equals(HttpMethod.GET)
                && request.protocolVersion().equals(HttpVersion.HTTP_1_1)
                && listsToken(h, HttpHeaderNames.UPGRADE, "websocket")
                && HopByHopHeaders.connectionHas(h, "upgrade")
                && validKey(h.getAll(HttpHeaderNames.SEC_WEBSOCKET_KEY))
                && "13".equals(single(h, HttpHeaderNames.SEC_WEBSOCKET_VERSION))
                && !HttpUtil.isTransferEncodingChunked(request)
                && HttpUtil.getContentLength(request, 0L) == 0;
    }

    /**
     * Puts back the two fields the hop-by-hop strip removed, naming only {@code websocket}; returns
     * false when the strip also took the key (a {@code Connection} line named it), so the request
     * is no longer a handshake.
     */
    static boolean restore(HttpHeaders h) {
        if (!h.contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)) return false;
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        h.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        return true;
    }

    /**
     * Whether a 101 from the backend completes the handshake: it switches to {@code websocket} and
     * carries the accept value (without it Netty's decoder would take the answer for a Hixie-76 one
     * with a body). The client checks the accept value itself.
     */
    static boolean accepted(HttpResponse response) {
        HttpHeaders h = response.headers();
        return response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()
                && listsToken(h, HttpHeaderNames.UPGRADE, "websocket")
                && h.contains(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT);
    }

    /** Readies a 101 for the client: hop-by-hop fields replaced by the two the switch needs. */
    static void prepareSwitch(HttpResponse response) {
        HttpHeaders h = response.headers();
        HopByHopHeaders.strip(h);
        h.remove(HttpHeaderNames.CONTENT_LENGTH);
        h.remove(HttpHeaderNames.TRANSFER_ENCODING);
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        h.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
    }

    private static boolean listsToken(HttpHeaders h, CharSequence name, String token) {
        for (String line : h.getAll(name)) {
            for (String t : line.split(",")) {
                if (t.strip().equalsIgnoreCase(token)) return true;
            }
        }
        return false;
    }

    /** RFC 6455 section 4.1: one key, base64 of 16 bytes. */
    private static boolean validKey(List<String> keys) {
        if (keys.size() != 1) return false;
        try {
            return Base64.getDecoder().decode(keys.get(0).strip()).length == KEY_BYTES;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static String single(HttpHeaders h, CharSequence name) {
        List<String> values = h.getAll(name);
        return values.size() == 1 ? values.get(0).strip() : null;
    }
}
