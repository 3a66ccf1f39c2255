package dev.gantry.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * One HTTP/2 stream, already turned into HTTP/1.1 objects by Netty's codec: checked, routed and
 * sent through an {@link Exchange} exactly like an HTTP/1.1 request. The stream channel reads with
 * AUTO_READ off, so the client's window for this stream opens only as the backend takes the body.
 */
final class Http2StreamHandler extends ChannelInboundHandlerAdapter implements ExchangeOwner {
    private final ProxyContext proxy;
    private ChannelHandlerContext ctx;
    private ClientDeadline deadline;
    private Exchange exchange;
    private boolean done;
    private final Runnable readMore = this::read;

    Http2StreamHandler(ProxyContext proxy) {
        this.proxy = proxy;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        deadline = new ClientDeadline(ctx, this::expired);
        deadline.set(ClientDeadline.Phase.BODY, proxy.bodyTimeoutNanos());
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            onRequest(request);
        } else if (msg instanceof HttpContent content) {
            onContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (done) return;
        if (exchange == null) {
            ctx.read();
        } else if (!exchange.requestComplete()) {
            exchange.flushRequest(readMore);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done = true;
        if (deadline != null) deadline.cancel();
        if (exchange != null) exchange.abort();
        exchange = null;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    public void onExchangeDone(boolean keepAlive) {
        exchange = null;
        done = true;
        deadline.cancel();
        if (ConnectionLimits.admission(parent()) != ConnectionLimits.Admission.ADMITTED) parent().close();
    }

    /** Never called: a stream never asks for a WebSocket (RFC 8441 is not offered, and Upgrade is malformed in HTTP/2). */
    @Override
    public void onSwitched(Tunnel tunnel) {
        throw new IllegalStateException("an HTTP/2 stream cannot switch protocols");
    }

    @Override
    public void awaitingClient(boolean waiting) {
        if (waiting) {
            deadline.set(ClientDeadline.Phase.SEND, proxy.sendTimeoutNanos());
        } else if (deadline.phase() == ClientDeadline.Phase.SEND) {
            deadline.clear();
        }
    }

    private void onRequest(HttpRequest message) {
        HttpRequest request = headersOnly(message);
        LastHttpContent inline =
                message instanceof FullHttpRequest full ? new DefaultLastHttpContent(full.content()) : null;
        for (HttpConversionUtil.ExtensionHeaderNames n : HttpConversionUtil.ExtensionHeaderNames.values()) {
            request.headers().remove(n.text());
        }
        if (inline != null) {
            request.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
            if (inline.content().isReadable())
                HttpUtil.setContentLength(request, inline.content().readableBytes());
        }
        String refused = refusal(request);
        if (refused != null) {
            ReferenceCountUtil.release(inline);
            return;
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        RouteEntry route = proxy.table().index().find(host, request.uri());
        if (route == null) {
            proxy.stats().noRoute.increment();
            ReferenceCountUtil.release(inline);
            respond(
                    HttpResponseStatus.NOT_FOUND,
                    "no route for host " + (host == null ? "(none)" : RouteIndex.normalizeHost(host)));
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        request.headers().remove(HttpHeaderNames.EXPECT);
        HopByHopHeaders.strip(request.headers());
        ForwardedHeaders.apply(
                request,
                ForwardedHeaders.Client.of(
                        parent().remoteAddress(), proxy.config().trustedProxies()),
                "https",
                host);
        exchange = new Exchange(this, ctx.channel(), route, proxy, request, true, false, true);
        exchange.start();
        if (inline != null) onContent(inline);
    }

    /** Checks what HTTP/1.1 clients get checked, plus the connection's admission; null when the request may go on. */
    private String refusal(HttpRequest request) {
        ConnectionLimits.Admission admission = ConnectionLimits.admission(parent());
        if (admission != ConnectionLimits.Admission.ADMITTED) {
            respond(
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    admission == ConnectionLimits.Admission.ROUTER_FULL
                            ? "too many connections to this router"
                            : "too many connections from this address");
            return "limit";
        }
        RequestCheck.Rejection r = RequestCheck.prepare(request);
        if (r != null) {
            proxy.stats().badRequests.increment();
            respond(r.status(), r.message());
            return r.message();
        }
        long declared = HttpUtil.getContentLength(request, -1L);
        if (declared > proxy.config().maxBodyBytes()) {
            respond(
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body over " + proxy.config().maxBodyBytes() + " bytes");
            return "too large";
        }
        FullHttpResponse own = proxy.ownPaths().answer(ctx.alloc(), request, true, parent().remoteAddress());
        if (own != null) {
            done = true;
            deadline.cancel();
            ctx.writeAndFlush(own);
            return "own path";
        }
        return null;
    }

    private void onContent(HttpContent content) {
        if (exchange == null) {
            content.release();
            return;
        }
        if (exchange.bodyBytes() + content.content().readableBytes()
                > proxy.config().maxBodyBytes()) {
            content.release();
            abort(
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body over " + proxy.config().maxBodyBytes() + " bytes");
            return;
        }
        if (content instanceof LastHttpContent) {
            deadline.clear();
        } else {
            deadline.set(ClientDeadline.Phase.BODY, proxy.bodyTimeoutNanos());
        }
        exchange.onRequestContent(content);
    }

    private void read() {
        if (done) return;
        if (deadline.phase() == ClientDeadline.Phase.BODY)
            deadline.set(ClientDeadline.Phase.BODY, proxy.bodyTimeoutNanos());
        ctx.read();
    }

    private void expired(ClientDeadline.Phase phase) {
        if (done) return;
        switch (phase) {
            case BODY -> {
                proxy.stats().bodyTimeouts.increment();
                abort(HttpResponseStatus.REQUEST_TIMEOUT, "request body timeout: the request's body stopped arriving");
            }
            case SEND -> {
                proxy.stats().sendTimeouts.increment();
                abort(null, null);
            }
            default -> {}
        }
    }

    /** Ends the stream: with the router's own answer when nothing was sent yet, else with a reset. */
    private void abort(HttpResponseStatus status, String message) {
        Exchange e = exchange;
        exchange = null;
        boolean started = e != null && e.responseStarted();
        if (e != null) e.abort();
        if (status == null || started) {
            done = true;
            ctx.close();
            return;
        }
        respond(status, message);
    }

    private void respond(HttpResponseStatus status, String message) {
        done = true;
        deadline.cancel();
        ctx.writeAndFlush(LocalResponses.text(ctx.alloc(), status, message, true));
    }

    private Channel parent() {
        return ctx.channel().parent();
    }

    /** The request line and header of a message the codec may have delivered with its whole body. */
    private static HttpRequest headersOnly(HttpRequest message) {
        if (!(message instanceof FullHttpRequest)) return message;
        return new DefaultHttpRequest(message.protocolVersion(), message.method(), message.uri(), message.headers());
    }
}
