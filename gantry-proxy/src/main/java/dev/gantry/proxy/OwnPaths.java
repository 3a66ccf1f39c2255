package dev.gantry.proxy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.Supplier;

/** The router's own paths, answered on any host: {@code /_gantry/health} and {@code /_gantry/metrics}. */
final class OwnPaths {
    static final String PREFIX = "/_gantry/";
    static final String HEALTH = "/_gantry/health";
    static final String METRICS = "/_gantry/metrics";

    private final Supplier<RouterStats> stats;

    OwnPaths(Supplier<RouterStats> stats) {
        this.stats = stats;
    }

    /** The answer if this request is for one of the router's own paths, else null. */
    FullHttpResponse answer(ByteBufAllocator alloc, HttpRequest request, boolean keepAlive) {
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
        return LocalResponses.of(
                alloc,
                HttpResponseStatus.OK,
                MetricsText.render(stats.get()),
                "text/plain; version=0.0.4; charset=utf-8",
                keepAlive);
    }
}
