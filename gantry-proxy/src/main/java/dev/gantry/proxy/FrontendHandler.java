package dev.gantry.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Client side of the proxy for HTTP/1.x, one per client connection. Reads with AUTO_READ off: the
 * next read happens only when the backend took the last chunk, or when the response has been
 * written. Requests are served one at a time; pipelined ones wait in order. Every phase of the
 * connection runs under a deadline ({@link ClientDeadline}). After a WebSocket handshake the
 * connection carries raw bytes for its {@link Tunnel}, under the tunnel's own idle timeout.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter implements ExchangeOwner {
    private static final long LINGER_MILLIS = 2000;
    private static final int MAX_WAITING = 16;
    private final Runnable readMore = this::read;
    private final ProxyContext proxy;
    private final String scheme;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>(2);
    private ForwardedHeaders.Client client;
    private ChannelHandlerContext ctx;
    private ClientDeadline deadline;
    private Exchange exchange;
    private Tunnel tunnel;
    private boolean closing;
    private boolean readSomething;

    private final boolean addedToActiveChannel;

    /**
     * @param scheme "http" or "https": how clients reach this connection
     * @param addedToActiveChannel true when added after the connection started (after a TLS
     *     handshake chose HTTP/1.1), so no channelActive will come
     */
    FrontendHandler(ProxyContext proxy, String scheme, boolean addedToActiveChannel) {
        this.proxy = proxy;
        this.scheme = scheme;
        this.addedToActiveChannel = addedToActiveChannel;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (addedToActiveChannel) begin(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!addedToActiveChannel) begin(ctx);
        ctx.fireChannelActive();
    }

    private void begin(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        client = ForwardedHeaders.Client.of(
                ctx.channel().remoteAddress(), proxy.config().trustedProxies());
        deadline = new ClientDeadline(ctx, this::expired);
        ConnectionLimits.Admission admission = ConnectionLimits.admission(ctx.channel());
        if (admission != ConnectionLimits.Admission.ADMITTED) {
            reject(
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    admission == ConnectionLimits.Admission.ROUTER_FULL
                            ? "too many connections to this router"
                            : "too many connections from " + client.ip());
            return;
        }
        deadline.set(ClientDeadline.Phase.HEADER, proxy.headerTimeoutNanos());
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readSomething = true;
        if (tunnel != null) {
            toTunnel(msg);
        } else if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (exchange != null && exchange.requestComplete() || !waiting.isEmpty()) {
            waiting.add(msg);
        } else {
            handle(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (tunnel != null) {
            tunnel.clientReadComplete();
            return;
        }
        if (!readSomething && exchange == null && deadline.phase() == ClientDeadline.Phase.IDLE) {
            deadline.set(ClientDeadline.Phase.HEADER, proxy.headerTimeoutNanos());
        }
        readSomething = false;
        requestMore();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (tunnel != null) tunnel.closedBy(ctx.channel());
        if (deadline != null) deadline.cancel();
        if (exchange != null) exchange.abort();
        exchange = null;
        releaseWaiting();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    public void onExchangeDone(boolean keepAlive) {
        exchange = null;
        if (!keepAlive) {
            closing = true;
            deadline.cancel();
            releaseWaiting();
            return;
        }
        deadline.set(ClientDeadline.Phase.IDLE, proxy.idleTimeoutNanos());
        while (!closing && !waiting.isEmpty() && (exchange == null || !exchange.requestComplete())) {
            handle(waiting.poll());
        }
        requestMore();
    }

    /**
     * The backend accepted the WebSocket handshake. The client was not read since its request, so
     * a message waiting now means it spoke before the 101 (RFC 6455 section 4.1 forbids that) and
     * its bytes went through the HTTP decoder: the connection closes rather than pass on a mangled stream.
     */
    @Override
    public void onSwitched(Tunnel t) {
        exchange = null;
        tunnel = t;
        deadline.cancel();
        if (!waiting.isEmpty()) {
            releaseWaiting();
            t.closedBy(ctx.channel());
            ctx.close();
        }
    }

    private void toTunnel(Object msg) {
        if (msg instanceof ByteBuf bytes) {
            tunnel.fromClient(bytes);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void awaitingClient(boolean waitingForClient) {
        if (waitingForClient) {
            deadline.set(ClientDeadline.Phase.SEND, proxy.sendTimeoutNanos());
        } else if (deadline.phase() == ClientDeadline.Phase.SEND) {
            deadline.clear();
        }
    }

    private void expired(ClientDeadline.Phase phase) {
        if (closing) return;
        switch (phase) {
            case HEADER -> {
                proxy.stats().headerTimeouts.increment();
                reject(
                        HttpResponseStatus.REQUEST_TIMEOUT,
                        "request header timeout: the request's header did not arrive in time");
            }
            case BODY -> {
                proxy.stats().bodyTimeouts.increment();
                abortExchange(
                        HttpResponseStatus.REQUEST_TIMEOUT,
                        "request body timeout: the request's body stopped arriving");
            }
            case SEND -> {
                proxy.stats().sendTimeouts.increment();
                closeNow();
            }
            case IDLE -> {
                proxy.stats().idleCloses.increment();
                closeNow();
            }
            case NONE -> {}
        }
    }

    private void closeNow() {
        closing = true;
        if (exchange != null) exchange.abort();
        exchange = null;
        releaseWaiting();
        ctx.close();
    }

    private void releaseWaiting() {
        Object msg;
        while ((msg = waiting.poll()) != null) ReferenceCountUtil.release(msg);
    }

    /**
     * Asks for more input when it can be taken: at once when idle or waiting for a response (a
     * pending read also notices a client that hangs up; pipelined requests queue, at most
     * {@link #MAX_WAITING} parts), and only after the backend took the last chunk while a body streams.
     * Not at all while a WebSocket handshake waits for its answer: what follows it is no HTTP if the
     * backend switches.
     */
    private void requestMore() {
        if (closing) return;
        if (exchange == null) {
            ctx.read();
        } else if (exchange.webSocket()) {
            return;
        } else if (!exchange.requestComplete()) {
            exchange.flushRequest(readMore);
        } else if (waiting.size() < MAX_WAITING) {
            ctx.read();
        }
    }

    /** The next read of a request body: the client has the body timeout from now on to send more. */
    private void read() {
        if (closing) return;
        if (deadline.phase() == ClientDeadline.Phase.BODY)
            deadline.set(ClientDeadline.Phase.BODY, proxy.bodyTimeoutNanos());
        ctx.read();
    }

    private void handle(Object msg) {
        if (msg instanceof HttpRequest request) {
            onRequest(request);
        } else if (msg instanceof HttpContent content) {
            onContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(HttpRequest request) {
        deadline.clear();
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            ReferenceCountUtil.release(request);
            proxy.stats().badRequests.increment();
            reject(statusFor(result.cause()), "bad request: " + result.cause().getMessage());
            return;
        }
        RequestCheck.Rejection refused = RequestCheck.prepare(request);
        if (refused != null) {
            ReferenceCountUtil.release(request);
            proxy.stats().badRequests.increment();
            reject(refused.status(), refused.message());
            return;
        }
        boolean hasBody = HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean reusable = keepAlive && !hasBody;
        FullHttpResponse own = proxy.ownPaths()
                .answer(ctx.alloc(), request, reusable, ctx.channel().remoteAddress());
        if (own != null) {
            respondLocally(own, reusable, hasBody);
            return;
        }
        if (HttpUtil.getContentLength(request, -1L) > proxy.config().maxBodyBytes()) {
            reject(
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body over " + proxy.config().maxBodyBytes() + " bytes");
            return;
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        RouteEntry route = proxy.table().index().find(host, request.uri());
        if (route == null) {
            proxy.stats().noRoute.increment();
            respondLocally(
                    LocalResponses.text(
                            ctx.alloc(),
                            HttpResponseStatus.NOT_FOUND,
                            "no route for host " + (host == null ? "(none)" : RouteIndex.normalizeHost(host))
                                    + " and path " + pathOf(request.uri()),
                            reusable),
                    reusable,
                    hasBody);
            return;
        }
        if (route.route.tlsRedirect()
                && scheme.equals("http")
                && proxy.httpsPort().getAsInt() > 0) {
            respondLocally(
                    LocalResponses.redirect(ctx.alloc(), httpsLocation(host, request.uri()), reusable),
                    reusable,
                    hasBody);
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        request.headers().remove(HttpHeaderNames.EXPECT);
        boolean webSocket = WebSocketUpgrade.requested(request);
        HopByHopHeaders.strip(request.headers());
        if (webSocket) webSocket = WebSocketUpgrade.restore(request.headers());
        ForwardedHeaders.apply(request, client, scheme, host);
        exchange = new Exchange(
                this, ctx.channel(), route, proxy, request, keepAlive, webSocket, ForwardedHeaders.secure(request));
        if (hasBody) deadline.set(ClientDeadline.Phase.BODY, proxy.bodyTimeoutNanos());
        exchange.start();
    }

    private void onContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            content.release();
            proxy.stats().badRequests.increment();
            abortExchange(
                    HttpResponseStatus.BAD_REQUEST,
                    "bad request: " + content.decoderResult().cause().getMessage());
            return;
        }
        if (exchange == null) {
            content.release();
            return;
        }
        if (exchange.bodyBytes() + content.content().readableBytes()
                > proxy.config().maxBodyBytes()) {
            content.release();
            abortExchange(
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body over " + proxy.config().maxBodyBytes() + " bytes");
            return;
        }
        if (content instanceof LastHttpContent && deadline.phase() == ClientDeadline.Phase.BODY) deadline.clear();
        exchange.onRequestContent(content);
    }

    private void abortExchange(HttpResponseStatus status, String message) {
        Exchange e = exchange;
        exchange = null;
        if (e != null && e.responseStarted()) {
            e.abort();
            closeNow();
            return;
        }
        if (e != null) e.abort();
        reject(status, message);
    }

    /** Error for a request whose framing cannot be trusted: answer, then close. */
    private void reject(HttpResponseStatus status, String message) {
        closing = true;
        releaseWaiting();
        deadline.cancel();
        ctx.writeAndFlush(LocalResponses.text(ctx.alloc(), status, message, false))
                .addListener((ChannelFutureListener) this::lingerThenClose);
    }

    /**
     * Closing at once while the client is still sending would make the kernel reset the connection
     * and could destroy the error response in flight; so half-close, drain input briefly, then close.
     */
    private void lingerThenClose(ChannelFuture written) {
        Channel ch = written.channel();
        if (!written.isSuccess() || !(ch instanceof SocketChannel socket)) {
            ch.close();
            return;
        }
        socket.shutdownOutput();
        ch.config().setAutoRead(true);
        ch.eventLoop().schedule(() -> ch.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** An answer of the router's own; with a request body still unread, the connection closes after it. */
    private void respondLocally(FullHttpResponse response, boolean keepAlive, boolean bodyUnread) {
        ChannelFuture written = ctx.writeAndFlush(response);
        if (keepAlive) {
            deadline.set(ClientDeadline.Phase.IDLE, proxy.idleTimeoutNanos());
            return;
        }
        closing = true;
        releaseWaiting();
        deadline.cancel();
        written.addListener(bodyUnread ? (ChannelFutureListener) this::lingerThenClose : ChannelFutureListener.CLOSE);
    }

    private static HttpResponseStatus statusFor(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        if (cause instanceof TooLongHttpLineException) return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        if (cause instanceof TooLongFrameException) return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        return HttpResponseStatus.BAD_REQUEST;
    }

    private String httpsLocation(String host, String uri) {
        int port = proxy.httpsPort().getAsInt();
        String name = Authority.parse(host).host();
        return "https://" + name + (port == 443 ? "" : ":" + port) + uri;
    }

    private static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
