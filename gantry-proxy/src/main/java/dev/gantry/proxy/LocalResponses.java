package dev.gantry.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Responses the router writes itself: errors, its health page and its metrics. */
final class LocalResponses {
    private LocalResponses() {}

    static FullHttpResponse text(ByteBufAllocator alloc, HttpResponseStatus status, String body, boolean keepAlive) {
        return of(alloc, status, body, "text/plain; charset=utf-8", keepAlive);
    }

    /** 308: the same request, to {@code location} (RFC 9110 section 15.4.9; the method and body stay). */
    static FullHttpResponse redirect(ByteBufAllocator alloc, String location, boolean keepAlive) {
        FullHttpResponse r = text(alloc, HttpResponseStatus.PERMANENT_REDIRECT, "moved to " + location, keepAlive);
        r.headers().set(HttpHeaderNames.LOCATION, location);
        return r;
    }

    static FullHttpResponse of(
            ByteBufAllocator alloc, HttpResponseStatus status, String body, String contentType, boolean keepAlive) {
        ByteBuf content = alloc.buffer(body.length() + 1);
        content.writeCharSequence(body.endsWith("\n") ? body : body + "\n", StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        if (!keepAlive) r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return r;
    }
}
