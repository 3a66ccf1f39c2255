package dev.gantry.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Last stage of a backend connection: hands response parts to the exchange it serves, or, after a
 * WebSocket handshake, raw bytes to the {@link Tunnel} the connection became. A connection without
 * either sits idle in its pool; anything it receives then is a protocol error and closes it.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
    private final ConnectionPool pool;
    private ChannelHandlerContext ctx;
    private Exchange exchange;
    private Tunnel tunnel;
    private long deadlineNanos;
    private boolean timerScheduled;
    private boolean releasePending;

    BackendHandler(ConnectionPool pool) {
        this.pool = pool;
    }

    void bind(Exchange e) {
        this.exchange = e;
        pool.inUse(ctx.channel(), true);
    }

    void unbind() {
        this.exchange = null;
        this.deadlineNanos = 0;
        pool.inUse(ctx.channel(), false);
    }

    /**
     * The backend left the route table while it still had weight (its host was lost): the request in flight here is
     * sent to another backend when that is safe (no answer started, idempotent, body replayable), rather than waiting
     * for an answer that may never come. Call on the channel's loop.
     */
    void backendLeft() {
        Exchange e = exchange;
        if (e == null || !e.resendable()) return;
        exchange = null;
        pool.inUse(ctx.channel(), false);
        e.onBackendFailed(ctx.channel(), BACKEND_LEFT);
        ctx.close();
    }

    private static final java.io.IOException BACKEND_LEFT =
            new java.io.IOException("the backend left the route table while this request waited for its answer");

    /** From now on the connection carries a WebSocket; it never returns to the pool. */
    void bind(Tunnel t) {
        this.tunnel = t;
    }

    /**
     * Returns the connection to its pool once the current read has been decoded to the end. Bytes
     * the backend sent past its response (a second, unsolicited response) arrive first and close
     * the connection instead, so they can never be taken as the answer to another client's request.
     */
    void releaseAfterRead() {
        releasePending = true;
    }

    /**
     * Response deadline for the bound exchange. One timer per connection, re-armed lazily when it
     * fires early, so a request costs a field write instead of a scheduled task.
     */
    void armDeadline(long timeoutNanos) {
        deadlineNanos = System.nanoTime() + timeoutNanos;
        if (!timerScheduled) schedule(timeoutNanos);
    }

    void disarmDeadline() {
        deadlineNanos = 0;
    }

    private void schedule(long delayNanos) {
        timerScheduled = true;
        ctx.executor().schedule(this::checkDeadline, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void checkDeadline() {
        timerScheduled = false;
        if (deadlineNanos == 0 || exchange == null) return;
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            schedule(left);
            return;
        }
        Exchange e = exchange;
        deadlineNanos = 0;
        e.onTimeout(ctx.channel());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.channel().closeFuture().addListener(f -> pool.inUse(ctx.channel(), false));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (tunnel != null) {
            if (msg instanceof ByteBuf bytes) {
                tunnel.fromBackend(bytes);
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (exchange == null || !(msg instanceof HttpObject)) {
            releasePending = false;
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        exchange.onResponsePart((HttpObject) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (tunnel != null) {
            tunnel.backendReadComplete();
        } else if (releasePending) {
            releasePending = false;
            pool.release(ctx.channel());
        } else if (exchange != null) {
            exchange.onBackendReadComplete();
        } else {
            ctx.read();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (tunnel != null) {
            tunnel.closedBy(ctx.channel());
            return;
        }
        Exchange e = exchange;
        exchange = null;
        if (e != null) {
            e.onBackendFailed(ctx.channel(), null);
        } else {
            pool.remove(ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Exchange e = exchange;
        exchange = null;
        if (e != null) e.onBackendFailed(ctx.channel(), cause);
        ctx.close();
    }
}
