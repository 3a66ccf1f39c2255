package dev.gantry.proxy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Supplier;

/**
 * The router's own paths, answered on any host: {@code /_gantry/health} to anyone, {@code /_gantry/metrics} to
 * whom the {@link MetricsGate} lets in (401 with {@code WWW-Authenticate: Bearer} otherwise, 503 while it checks).
 */
final class OwnPaths {
    static final String PREFIX = "/_gantry/";
    static final String HEALTH = "/_gantry/health";
    static final String METRICS = "/_gantry/metrics";

    private final Supplier<RouterStats> stats;
    private final MetricsGate gate;
    private final TrustedProxies proxies;

    OwnPaths(Supplier<RouterStats> stats, MetricsGate gate, TrustedProxies proxies) {
        this.stats = stats;
        this.gate = gate;
        this.proxies = proxies;
    }

    /** The answer if this request is for one of the router's own paths, else null. */
    FullHttpResponse answer(ByteBufAllocator alloc, HttpRequest request, boolean keepAlive, SocketAddress peer) {
        String uri = request.uri();
        if (!uri.startsWith(PREFIX)) return null;
        String path = uri.indexOf('?') < 0 ? uri : uri.substring(0, uri.indexOf('?'));
        if (!path.equals(HEALTH) && !path.equals(METRICS)) return null;
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            return LocalResponses.text(
                    alloc,
                    HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method " + request.method() + " not allowed on " + path,
                    keepAlive);
        }
        if (path.equals(HEALTH)) return LocalResponses.text(alloc, HttpResponseStatus.OK, "ok", keepAlive);
        FullHttpResponse refused = refusal(alloc, request, keepAlive, peer);
        if (refused != null) return refused;
        return LocalResponses.of(
                alloc,
                HttpResponseStatus.OK,
                MetricsText.render(stats.get()),
                "text/plain; version=0.0.4; charset=utf-8",
                keepAlive);
    }

    /** Null when the client may read the metrics, else the answer that says why not. */
    private FullHttpResponse refusal(
            ByteBufAllocator alloc, HttpRequest request, boolean keepAlive, SocketAddress peer) {
        String bearer = bearer(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        if (bearer == null) {
            if (gate.loopbackTrusted() && local(peer)) return null;
            return unauthorized(alloc, keepAlive, "metrics need Authorization: Bearer with a metrics credential");
        }
        return switch (gate.check(bearer)) {
            case ALLOW -> null;
            case DENY -> unauthorized(alloc, keepAlive, "this credential may not read metrics");
            case CHECKING -> {
                FullHttpResponse r = LocalResponses.text(
                        alloc,
                        HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "checking the credential with the control plane: retry in a second",
                        keepAlive);
                r.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
                yield r;
            }
        };
    }

    private boolean local(SocketAddress peer) {
        return peer instanceof InetSocketAddress a
                && a.getAddress() != null
                && a.getAddress().isLoopbackAddress()
                && !proxies.contains(a.getAddress());
    }

    private static FullHttpResponse unauthorized(ByteBufAllocator alloc, boolean keepAlive, String why) {
        FullHttpResponse r = LocalResponses.text(alloc, HttpResponseStatus.UNAUTHORIZED, why, keepAlive);
        r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"gantry-router\"");
        return r;
    }

    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String token = header.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
