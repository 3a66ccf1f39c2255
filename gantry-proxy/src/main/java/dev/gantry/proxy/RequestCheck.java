package dev.gantry.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * What the router requires of a request before it routes it, beyond what Netty's decoder already
 * refuses (bad request lines, invalid field names and values, Content-Length with Transfer-Encoding,
 * conflicting or signed Content-Length, a final coding other than chunked, Transfer-Encoding in
 * HTTP/1.0, bare CR or LF). Everything here follows RFC 9110 and RFC 9112; an answer of the
 * router's own closes the connection, because the framing of what follows cannot be trusted.
 */
final class RequestCheck {
    /** Why a request is refused. */
    record Rejection(HttpResponseStatus status, String message) {}

    private RequestCheck() {}

    /**
     * Checks the request and brings it into the form the backend gets: an absolute-form target
     * becomes origin-form and its authority replaces {@code Host}. Returns null when the request
     * may be routed.
     */
    static Rejection prepare(HttpRequest request) {
        HttpVersion v = request.protocolVersion();
        if (!v.protocolName().equals("HTTP") || v.majorVersion() != 1 || v.minorVersion() > 1) {
            return new Rejection(
                    HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP version " + v.text() + " is not supported");
        }
        if (request.method().equals(HttpMethod.CONNECT)) {
            return new Rejection(
                    HttpResponseStatus.METHOD_NOT_ALLOWED, "CONNECT is not supported: this is a reverse proxy");
        }
        HttpHeaders h = request.headers();
        Rejection r = target(request);
        if (r == null) r = host(request, h);
        if (r == null) r = framing(h);
        if (r == null) r = expectation(request, h);
        return r;
    }

    /** Origin-form ({@code /path?query}) or absolute-form ({@code http://authority/path}); nothing else. */
    private static Rejection target(HttpRequest request) {
        String uri = request.uri();
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '#') {
                return bad("request target: "
                        + (c == '#' ? "a fragment (#) is not allowed" : "control character or space at position " + i));
            }
        }
        if (uri.startsWith("/")) return null;
        int scheme = schemeLength(uri);
        if (scheme < 0) return bad("request target: must start with / or http://, was " + clip(uri));
        int authorityStart = scheme + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < uri.length() && uri.charAt(authorityEnd) != '/' && uri.charAt(authorityEnd) != '?')
            authorityEnd++;
        String authority = uri.substring(authorityStart, authorityEnd);
        if (Authority.parse(authority) == null)
            return bad("request target: invalid authority '" + clip(authority) + "'");
        String rest = uri.substring(authorityEnd);
        request.setUri(rest.isEmpty() ? "/" : rest.startsWith("?") ? "/" + rest : rest);
        request.headers().set(HttpHeaderNames.HOST, authority);
        return null;
    }

    /** Length of "http" or "https" when the target starts with it and "://", else -1. */
    private static int schemeLength(String uri) {
        if (uri.regionMatches(true, 0, "http://", 0, 7)) return 4;
        if (uri.regionMatches(true, 0, "https://", 0, 8)) return 5;
        return -1;
    }

    /** RFC 9112 section 3.2: exactly one valid Host in HTTP/1.1; at most one in HTTP/1.0. */
    private static Rejection host(HttpRequest request, HttpHeaders h) {
        List<String> hosts = h.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) return bad("Host: sent " + hosts.size() + " times");
        if (hosts.isEmpty()) {
            return request.protocolVersion().equals(HttpVersion.HTTP_1_1) ? bad("Host: required in HTTP/1.1") : null;
        }
        String host = hosts.get(0);
        return Authority.parse(host) == null ? bad("Host: invalid value '" + clip(host) + "'") : null;
    }

    private static Rejection framing(HttpHeaders h) {
        String named = HopByHopHeaders.namedFramingField(h);
        if (named != null) return bad("Connection: must not name the framing field " + named);
        if (h.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            List<String> codings = h.getAll(HttpHeaderNames.TRANSFER_ENCODING);
            if (codings.size() != 1
                    || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(
                            codings.get(0).strip())) {
                return new Rejection(
                        HttpResponseStatus.NOT_IMPLEMENTED,
                        "Transfer-Encoding: only chunked is supported, was " + clip(String.join(", ", codings)));
            }
        }
        return null;
    }

    /** RFC 9110 section 10.1.1: an expectation other than 100-continue gets 417 (HTTP/1.0 ones are ignored). */
    private static Rejection expectation(HttpRequest request, HttpHeaders h) {
        if (!h.contains(HttpHeaderNames.EXPECT) || request.protocolVersion().equals(HttpVersion.HTTP_1_0)) return null;
        List<String> values = h.getAll(HttpHeaderNames.EXPECT);
        if (values.size() == 1
                && HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(
                        values.get(0).strip())) return null;
        return new Rejection(
                HttpResponseStatus.EXPECTATION_FAILED,
                "Expect: only 100-continue is supported, was " + clip(String.join(", ", values)));
    }

    private static Rejection bad(String message) {
        return new Rejection(HttpResponseStatus.BAD_REQUEST, "bad request: " + message);
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
