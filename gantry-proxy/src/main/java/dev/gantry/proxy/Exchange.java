package dev.gantry.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One client request on its way through the router: choose a backend, send the request, relay the
 * response, and when the backend fails before answering, try another one if that is safe. Runs
 * entirely on the client connection's event loop; backend connections live on the same loop.
 * A WebSocket handshake goes on a fresh connection, is never sent twice, and when the backend
 * answers 101 the exchange ends and both connections become a {@link Tunnel}.
 */
final class Exchange {
    private final FrontendStats frontendStats;
    static final int MAX_ATTEMPTS = 4;

    private final ExchangeOwner owner;
    private final Channel client;
    private final RouteEntry route;
    private final LoadBalancer balancer;
    private final long responseTimeoutNanos;
    private final long webSocketIdleNanos;
    private final HttpRequest request;
    private final boolean webSocket;
    private final boolean idempotent;
    private final boolean secure;
    private final CanarySplitter.Choice choice;
    private final BodyBuffer body = new BodyBuffer();
    private final ResponseRelay relay;
    private final long startNanos = System.nanoTime();
    private final ChannelFutureListener backendWritten = this::onBackendWritten;
    private List<Upstream> tried;
    private int attempts;
    private boolean freshConnectionOnly;
    private Upstream upstream;
    private Upstream lastUpstream;
    private Channel backend;
    private boolean reused;
    private boolean wroteConfirmed;
    private boolean requestComplete;
    private boolean done;
    private ChannelFuture lastBackendWrite;
    private Runnable readMoreWhenSent;
    private boolean timeoutArmed;
    private final boolean bufferBodyFirst;
    private boolean attempted;
    private boolean skippingInformational;
    private boolean switching;

    /**
     * @param webSocket the request is a WebSocket handshake ({@link WebSocketUpgrade#requested})
     * @param secure    the request came over TLS (a sticky cookie is then {@code Secure})
     */
    Exchange(
            ExchangeOwner owner,
            Channel client,
            RouteEntry route,
            ProxyContext proxy,
            HttpRequest request,
            boolean clientKeepAlive,
            boolean webSocket,
            boolean secure) {
        this.owner = owner;
        this.client = client;
        this.route = route;
        this.balancer = proxy.balancer();
        this.frontendStats = proxy.stats();
        this.responseTimeoutNanos = proxy.config().responseTimeout().toNanos();
        this.webSocketIdleNanos = proxy.config().webSocketIdleTimeout().toNanos();
        this.request = request;
        this.webSocket = webSocket;
        this.idempotent = !webSocket
                && (isIdempotent(request.method()) || request.headers().contains(IDEMPOTENCY_KEY));
        this.relay = new ResponseRelay(client, request, clientKeepAlive);
        this.bufferBodyFirst = bodyFitsReplay(request);
        this.secure = secure;
        this.choice = CanarySplitter.choose(route, request.headers());
    }

    /**
     * Starts at once, or, for a request whose body fits the replay buffer, once the whole body is
     * in: a slow client then never holds a backend connection while its body trickles in.
     */
    void start() {
        if (!waitingForBody()) attempt();
    }

    boolean requestComplete() {
        return requestComplete;
    }

    boolean responseStarted() {
        return relay.started();
    }

    /** Whether the request may go to another backend now: no answer started, idempotent, its body replayable. */
    boolean resendable() {
        return !done && !relay.started() && idempotent && body.replayable();
    }

    /** A WebSocket handshake: the client is not read until the backend has answered it. */
    boolean webSocket() {
        return webSocket;
    }

    /** A body part from the client; ownership passes to the exchange. */
    void onRequestContent(HttpContent part) {
        if (done) {
            part.release();
            return;
        }
        body.add(part);
        if (part instanceof LastHttpContent) requestComplete = true;
        if (!attempted) {
            if (!waitingForBody()) attempt();
            return;
        }
        if (backend == null) return;
        writeUnsent();
        if (requestComplete) {
            backend.flush();
            startTimeout();
        }
    }

    long bodyBytes() {
        return body.bytes();
    }

    /** Flushes what the client sent so far; runs {@code readMore} once the backend has taken it. */
    void flushRequest(Runnable readMore) {
        if (!attempted) {
            readMore.run();
            return;
        }
        if (backend == null) {
            readMoreWhenSent = readMore;
            return;
        }
        backend.flush();
        if (lastBackendWrite == null || lastBackendWrite.isDone()) {
            readMore.run();
        } else {
            lastBackendWrite.addListener(f -> {
                if (f.isSuccess() && !done) readMore.run();
            });
        }
    }

    void onResponsePart(HttpObject part) {
        if (part.decoderResult().isFailure()) {
            ReferenceCountUtil.release(part);
            onMalformedResponse(part.decoderResult().cause().getMessage());
            return;
        }
        if (switching) {
            ReferenceCountUtil.release(part);
            if (part instanceof LastHttpContent) switchToTunnel();
            return;
        }
        if (part instanceof HttpResponse r && r.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            onSwitchingProtocols(r);
            return;
        }
        if (part instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            skippingInformational = true;
        }
        if (skippingInformational) {
            if (part instanceof LastHttpContent) skippingInformational = false;
            ReferenceCountUtil.release(part);
            return;
        }
        if (part instanceof HttpResponse r) onFinalResponse(r);
        if (relay.relay(part)) complete();
    }

    /**
     * A 101 completes a WebSocket handshake when it switches to websocket with an accept value; to
     * anything else (the router forwards no other Upgrade) it is a broken answer: 502.
     */
    private void onSwitchingProtocols(HttpResponse r) {
        if (!webSocket || !WebSocketUpgrade.accepted(r)) {
            onMalformedResponse(
                    webSocket
                            ? "101 without Upgrade: websocket and Sec-WebSocket-Accept"
                            : "101 Switching Protocols to a request that asked for no upgrade");
            return;
        }
        cancelTimeout();
        switching = true;
        stick(r);
        relay.switching(r);
    }

    /** The 101 has been decoded to its end: the exchange is over, the connections become a tunnel. */
    private void switchToTunnel() {
        Upstream u = upstream;
        Channel ch = backend;
        Tunnel tunnel = new Tunnel(client, ch, u, webSocketIdleNanos);
        detachBackend(false);
        handlerOf(ch).bind(tunnel);
        u.recordLatency(System.nanoTime() - startNanos);
        endAttempt(HttpResponseStatus.SWITCHING_PROTOCOLS.code(), false);
        done = true;
        body.release();
        owner.onSwitched(tunnel);
    }

    private void onFinalResponse(HttpResponse r) {
        cancelTimeout();
        if (webSocket) upstream.upgradeRefused();
        stick(r);
    }

    /** With a sticky split, the answer tells the client which release served it, when its cookie said otherwise. */
    private void stick(HttpResponse r) {
        int release = upstream.backend().release();
        if (choice.setsCookie(release))
            r.headers().add(HttpHeaderNames.SET_COOKIE, CanarySplitter.setCookie(route.route.app(), release, secure));
    }

    /**
     * The backend's response cannot be parsed: conflicting lengths, a bad chunk, an invalid field,
     * a 101 that completes no handshake.
     * The backend did get the request, so it is not sent again: 502 if nothing went to the client
     * yet, else the client connection closes (a body cut short is never made to look complete).
     */
    private void onMalformedResponse(String reason) {
        detachBackend(true);
        endAttempt(IntervalCounts.NO_ANSWER, false);
        if (relay.started()) {
            finish(false);
            client.close();
            return;
        }
        fail(
                HttpResponseStatus.BAD_GATEWAY,
                "bad gateway: app " + route.route.app() + " sent a malformed response (" + reason + ")");
    }

    void onBackendReadComplete() {
        if (done || backend == null) return;
        if (!relay.started()) {
            backend.read();
            return;
        }
        Channel ch = backend;
        relay.flushThen(
                () -> {
                    if (ch == backend && !done) ch.read();
                },
                owner);
    }

    /** The backend connection closed or broke before the response ended. */
    void onBackendFailed(Channel ch, Throwable cause) {
        if (done || ch != backend) return;
        detachBackend(true);
        endAttempt(IntervalCounts.NO_ANSWER, isReset(cause));
        if (relay.started()) {
            finish(false);
            client.close();
            return;
        }
        boolean staleReuse = reused && cause == null;
        retryOrFail(staleReuse, cause);
    }

    /** The client went away or sent something unacceptable: drop the backend side, write nothing. */
    void abort() {
        if (done) return;
        done = true;
        if (upstream != null) {
            detachBackend(true);
            endAttempt(IntervalCounts.ABANDONED, false);
        }
        cancelTimeout();
        body.release();
    }

    private boolean waitingForBody() {
        return bufferBodyFirst && !requestComplete && body.bytes() <= BodyBuffer.REPLAY_LIMIT;
    }

    private static boolean bodyFitsReplay(HttpRequest request) {
        if (HttpUtil.isTransferEncodingChunked(request)) return true;
        long length = HttpUtil.getContentLength(request, 0L);
        return length > 0 && length <= BodyBuffer.REPLAY_LIMIT;
    }

    private void attempt() {
        attempted = true;
        Upstream u = pick();
        if (u == null) {
            if (attempts == 0) frontendStats.noBackend.increment();
            fail(
                    attempts == 0 ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.BAD_GATEWAY,
                    attempts == 0
                            ? "no healthy backend for app " + route.route.app()
                            : "bad gateway: every backend attempt failed for app " + route.route.app());
            return;
        }
        attempts++;
        upstream = u;
        u.attemptStarted();
        EventLoop loop = client.eventLoop();
        Channel idle = freshConnectionOnly || webSocket ? null : u.pool.pollIdle(loop);
        freshConnectionOnly = false;
        if (idle != null) {
            reused = true;
            bind(idle);
            return;
        }
        reused = false;
        u.pool.connect(loop).addListener((ChannelFuture f) -> onConnected(u, f));
    }

    /** A backend of the chosen side, or of the other when none of the chosen one can take the request. */
    private Upstream pick() {
        Upstream u = balancer.pick(route, tried, choice.set());
        return u != null || choice.set() == ReleaseSet.ANY ? u : balancer.pick(route, tried, ReleaseSet.ANY);
    }

    private void onConnected(Upstream u, ChannelFuture f) {
        if (done || upstream != u) {
            f.channel().close();
            return;
        }
        if (f.isSuccess()) {
            bind(f.channel());
            return;
        }
        endAttempt(IntervalCounts.NO_ANSWER, true);
        retryOrFail(false, f.cause());
    }

    private void bind(Channel ch) {
        backend = ch;
        wroteConfirmed = false;
        handlerOf(ch).bind(this);
        timeoutArmed = false;
        lastBackendWrite = ch.write(request).addListener(backendWritten);
        writeUnsent();
        ch.flush();
        ch.read();
        if (requestComplete) startTimeout();
        Runnable readMore = readMoreWhenSent;
        if (readMore != null) {
            readMoreWhenSent = null;
            flushRequest(readMore);
        }
    }

    private void writeUnsent() {
        HttpContent part;
        while ((part = body.pollUnsent()) != null) {
            lastBackendWrite = backend.write(part).addListener(backendWritten);
        }
    }

    private void onBackendWritten(ChannelFuture f) {
        if (f.channel() != backend) return;
        if (f.isSuccess()) {
            wroteConfirmed = true;
        } else {
            onBackendFailed(f.channel(), f.cause());
        }
    }

    private void retryOrFail(boolean sameUpstreamAllowed, Throwable cause) {
        boolean safe = !wroteConfirmed || (idempotent && body.replayable());
        if (!safe || attempts >= MAX_ATTEMPTS) {
            fail(HttpResponseStatus.BAD_GATEWAY, "bad gateway: backend failed before answering" + describe(cause));
            return;
        }
        if (wroteConfirmed) body.rewind();
        if (sameUpstreamAllowed) {
            freshConnectionOnly = true;
        } else {
            if (tried == null) tried = new ArrayList<>(2);
            tried.add(lastUpstream);
        }
        attempt();
    }

    private void complete() {
        Upstream u = upstream;
        Channel ch = backend;
        detachBackend(false);
        u.recordLatency(System.nanoTime() - startNanos);
        endAttempt(relay.status(), false);
        if (relay.backendKeepAlive() && requestComplete && !webSocket) {
            handlerOf(ch).releaseAfterRead();
        } else {
            ch.close();
        }
        finish(requestComplete);
    }

    /** Answers with the router's own error; the client connection stays usable (the rest of the body is discarded). */
    private void fail(HttpResponseStatus status, String message) {
        if (done) return;
        relay.error(status, message, true);
        finish(true);
    }

    private void finish(boolean keepAliveAllowed) {
        done = true;
        cancelTimeout();
        body.release();
        boolean keepAlive = relay.finish(keepAliveAllowed);
        owner.onExchangeDone(keepAlive);
    }

    private void startTimeout() {
        if (timeoutArmed || backend == null) return;
        timeoutArmed = true;
        handlerOf(backend).armDeadline(responseTimeoutNanos);
    }

    /** The bound backend did not start answering within the response timeout. */
    void onTimeout(Channel ch) {
        if (done || ch != backend || relay.started()) return;
        detachBackend(true);
        endAttempt(IntervalCounts.NO_ANSWER, false);
        fail(
                HttpResponseStatus.GATEWAY_TIMEOUT,
                "gateway timeout: app " + route.route.app() + " did not answer in time");
    }

    private void cancelTimeout() {
        if (backend != null) handlerOf(backend).disarmDeadline();
    }

    private static BackendHandler handlerOf(Channel ch) {
        return (BackendHandler) ch.pipeline().last();
    }

    private void detachBackend(boolean close) {
        Channel ch = backend;
        backend = null;
        lastBackendWrite = null;
        if (ch == null) return;
        handlerOf(ch).unbind();
        if (close) ch.close();
    }

    /** The attempt is over: {@code outcome} as {@link Upstream#attemptEnded} takes it. */
    private void endAttempt(int outcome, boolean eject) {
        Upstream u = upstream;
        if (u == null) return;
        upstream = null;
        lastUpstream = u;
        u.attemptEnded(outcome, System.nanoTime() - startNanos, route.split, choice.judged());
        if (eject) u.eject();
    }

    private static boolean isReset(Throwable cause) {
        return cause instanceof IOException
                && String.valueOf(cause.getMessage()).contains("reset");
    }

    private static String describe(Throwable cause) {
        return cause == null
                ? " (connection closed)"
                : " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }

    /**
     * A client that sends this header (IETF draft "The Idempotency-Key HTTP Header Field") says the
     * request may be repeated safely, so a POST carrying it is retried like a GET.
     */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    static boolean isIdempotent(HttpMethod m) {
        return m == HttpMethod.GET
                || m == HttpMethod.HEAD
                || m == HttpMethod.PUT
                || m == HttpMethod.DELETE
                || m == HttpMethod.OPTIONS
                || m == HttpMethod.TRACE;
    }
}
