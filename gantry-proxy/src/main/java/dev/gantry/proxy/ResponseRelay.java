package dev.gantry.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Writes one response to the client: the backend's, streamed part by part with its hop-by-hop
 * headers replaced, or an error of the router's own. Flushes once per backend read.
 */
final class ResponseRelay {
    private final Channel client;
    private final boolean clientKeepAlive;
    private final boolean http10;
    private final boolean head;
    private boolean started;
    private int status;
    private boolean backendKeepAlive;
    private boolean closeDelimited;
    private ChannelFuture lastWrite;

    ResponseRelay(Channel client, HttpRequest request, boolean clientKeepAlive) {
        this.client = client;
        this.clientKeepAlive = clientKeepAlive;
        this.http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        this.head = request.method().equals(HttpMethod.HEAD);
    }

    boolean started() {
        return started;
    }

    int status() {
        return status;
    }

    boolean backendKeepAlive() {
        return backendKeepAlive;
    }

    /** Writes a response part (without flushing); returns true if it was the last one. */
    boolean relay(HttpObject part) {
        if (part instanceof HttpResponse r) start(r);
        if (part instanceof HttpContent c) {
            lastWrite = client.write(c);
            return c instanceof LastHttpContent;
        }
        return false;
    }

    /**
     * Writes a backend's 101 that completes a WebSocket handshake, unflushed: the {@link Tunnel}
     * flushes it when it opens, together with any bytes the backend sent right behind it.
     */
    void switching(HttpResponse r) {
        started = true;
        status = r.status().code();
        WebSocketUpgrade.prepareSwitch(r);
        lastWrite = client.write(r);
    }

    /** Flushes, then runs {@code next} once the client took everything; tells {@code owner} while it waits. */
    void flushThen(Runnable next, ExchangeOwner owner) {
        client.flush();
        if (lastWrite == null || lastWrite.isDone()) {
            if (lastWrite == null || lastWrite.isSuccess()) next.run();
            return;
        }
        owner.awaitingClient(true);
        lastWrite.addListener(f -> {
            owner.awaitingClient(false);
            if (f.isSuccess()) next.run();
        });
    }

    void error(HttpResponseStatus errorStatus, String message, boolean keepAliveAllowed) {
        if (started) return;
        started = true;
        status = errorStatus.code();
        boolean keep = keepAliveAllowed && clientKeepAlive;
        lastWrite = client.write(LocalResponses.text(client.alloc(), errorStatus, message, keep));
    }

    /** Flushes; closes the client afterwards unless the connection can carry another request. */
    boolean finish(boolean keepAliveAllowed) {
        boolean keep = keepAliveAllowed && clientKeepAlive && !closeDelimited && started;
        client.flush();
        if (!keep) {
            ChannelFuture f = lastWrite != null ? lastWrite : client.newSucceededFuture();
            f.addListener(ChannelFutureListener.CLOSE);
        }
        return keep;
    }

    private void start(HttpResponse r) {
        started = true;
        status = r.status().code();
        backendKeepAlive = HttpUtil.isKeepAlive(r);
        HttpHeaders h = r.headers();
        boolean chunked = HopByHopHeaders.strip(h);
        if (!chunked && !h.contains(HttpHeaderNames.CONTENT_LENGTH) && mayHaveBody()) {
            if (http10) {
                closeDelimited = true;
            } else {
                h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        }
        r.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (!clientKeepAlive || closeDelimited) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        lastWrite = client.write(r);
    }

    private boolean mayHaveBody() {
        return !head && status >= 200 && status != 204 && status != 304;
    }
}
