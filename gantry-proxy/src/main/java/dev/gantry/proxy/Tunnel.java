package dev.gantry.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open WebSocket: once the backend answered 101, the HTTP codecs leave both pipelines and raw
 * bytes flow both ways, as in Netty's proxy example: AUTO_READ stays off, and a side is read again
 * only after what it sent last has been written to the other side. Either side closing closes the
 * other (after what it was sent has been flushed). The client connection's HTTP deadlines no
 * longer apply; the tunnel has its own idle timeout, and closes at a drain deadline when its
 * backend leaves the table or goes to weight 0. Runs on the client connection's event loop, where
 * the backend connection also lives; {@link #closeAt} and {@link #keepOpen} may come from any thread.
 */
final class Tunnel {
    private static final Logger log = LoggerFactory.getLogger(Tunnel.class);
    private static final long LINGER_MILLIS = 2000;

    /** SWITCHING: 101 received, codecs still in place; OPENING: codecs being removed. */
    private enum State {
        SWITCHING,
        OPENING,
        OPEN,
        CLOSED
    }

    private final Channel client;
    private final Channel backend;
    private final Upstream upstream;
    private final long idleTimeoutNanos;
    private final Pipe toBackend;
    private final Pipe toClient;
    private State state = State.SWITCHING;
    private long lastActivityNanos = System.nanoTime();
    private ScheduledFuture<?> idleTimer;
    private ScheduledFuture<?> drainTimer;

    Tunnel(Channel client, Channel backend, Upstream upstream, long idleTimeoutNanos) {
        this.client = client;
        this.backend = backend;
        this.upstream = upstream;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.toBackend = new Pipe(client, backend);
        this.toClient = new Pipe(backend, client);
    }

    /** Bytes the client sent; ownership passes to the tunnel. */
    void fromClient(ByteBuf bytes) {
        toBackend.take(bytes);
    }

    void clientReadComplete() {
        if (state == State.OPEN) toBackend.flushThenRead();
    }

    /** Bytes the backend sent; ownership passes to the tunnel. */
    void fromBackend(ByteBuf bytes) {
        toClient.take(bytes);
    }

    /** The read that carried the 101 is over: the switch happens here, outside any decoder's loop. */
    void backendReadComplete() {
        if (state == State.SWITCHING) {
            open();
        } else if (state == State.OPEN) {
            toClient.flushThenRead();
        }
    }

    /** One side's connection closed or failed: the other gets what it was sent, then closes too. */
    void closedBy(Channel side) {
        if (state == State.CLOSED) return;
        boolean wasOpen = state == State.OPEN;
        end(side == client ? "client closed" : "backend closed");
        Channel other = side == client ? backend : client;
        if (!wasOpen || !other.isActive()) {
            other.close();
            return;
        }
        other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        other.eventLoop().schedule(() -> other.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Closes at {@code deadlineNanos} (System.nanoTime) unless {@link #keepOpen} comes first. Any thread. */
    void closeAt(long deadlineNanos) {
        client.eventLoop().execute(() -> {
            if (state == State.CLOSED) return;
            if (drainTimer != null) drainTimer.cancel(false);
            long delay = Math.max(0, deadlineNanos - System.nanoTime());
            drainTimer = client.eventLoop().schedule(() -> closeBoth("drained"), delay, TimeUnit.NANOSECONDS);
        });
    }

    /** Cancels a pending {@link #closeAt}: the backend is back in the table with a weight. Any thread. */
    void keepOpen() {
        client.eventLoop().execute(() -> {
            if (drainTimer != null) drainTimer.cancel(false);
            drainTimer = null;
        });
    }

    private void open() {
        state = State.OPENING;
        if (client.pipeline().context(FrontendHandler.class) == null) {
            closeBoth("client gone while switching");
            return;
        }
        removeHttpStages(client.pipeline());
        if (backend.pipeline().get(HttpClientCodec.class) != null)
            backend.pipeline().remove(HttpClientCodec.class);
        if (state == State.CLOSED) return;
        state = State.OPEN;
        upstream.tunnelOpened(this);
        armIdleTimer(idleTimeoutNanos);
        toClient.start();
        toBackend.start();
    }

    /**
     * Removes every stage between the transport (TLS, connection limits) and the frontend: what
     * turns bytes into HTTP messages and back. Nearest first, so bytes a decoder still buffered
     * reach the frontend, and from there the backend, in order.
     */
    private static void removeHttpStages(ChannelPipeline p) {
        List<String> names = p.names();
        int frontend = names.indexOf(p.context(FrontendHandler.class).name());
        for (int i = frontend - 1; i >= 0; i--) {
            ChannelHandler h = p.get(names.get(i));
            if (h == null) continue;
            if (h instanceof SslHandler || h instanceof ConnectionLimits) break;
            p.remove(h);
        }
    }

    private void closeBoth(String reason) {
        if (state == State.CLOSED) return;
        end(reason);
        client.close();
        backend.close();
    }

    private void end(String reason) {
        boolean registered = state == State.OPEN;
        state = State.CLOSED;
        if (idleTimer != null) idleTimer.cancel(false);
        if (drainTimer != null) drainTimer.cancel(false);
        toClient.releaseHeld();
        toBackend.releaseHeld();
        if (registered) upstream.tunnelClosed(this);
        log.debug(
                "websocket closed app={} backend={} reason={}",
                upstream.app,
                upstream.backend().id(),
                reason);
    }

    /** One timer, moved lazily: a chunk costs a field write, the timer re-arms for what is left. */
    private void armIdleTimer(long delayNanos) {
        idleTimer = client.eventLoop().schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void checkIdle() {
        if (state == State.CLOSED) return;
        long left = lastActivityNanos + idleTimeoutNanos - System.nanoTime();
        if (left > 0) {
            armIdleTimer(left);
        } else {
            closeBoth("idle");
        }
    }

    /** One direction: reads from {@code from}, writes to {@code to}. */
    private final class Pipe {
        private final Channel from;
        private final Channel to;
        private final ArrayDeque<ByteBuf> held = new ArrayDeque<>(2);
        private ChannelFuture lastWrite;
        private final ChannelFutureListener written = this::onWritten;

        Pipe(Channel from, Channel to) {
            this.from = from;
            this.to = to;
        }

        /** Writes (unflushed) once open; until then holds the bytes that came with the switch. */
        void take(ByteBuf bytes) {
            if (state == State.CLOSED) {
                bytes.release();
                return;
            }
            lastActivityNanos = System.nanoTime();
            if (state == State.OPEN) {
                lastWrite = to.write(bytes);
            } else {
                held.add(bytes);
            }
        }

        /** Sends what came with the switch, then starts the read-after-write loop. */
        void start() {
            ByteBuf bytes;
            while ((bytes = held.poll()) != null) lastWrite = to.write(bytes);
            flushThenRead();
        }

        /** Flushes what the last read brought; reads again once the other side took it. */
        void flushThenRead() {
            to.flush();
            ChannelFuture w = lastWrite;
            lastWrite = null;
            if (w == null) {
                from.read();
            } else if (w.isDone()) {
                onWritten(w);
            } else {
                w.addListener(written);
            }
        }

        void releaseHeld() {
            ByteBuf bytes;
            while ((bytes = held.poll()) != null) bytes.release();
        }

        private void onWritten(ChannelFuture f) {
            if (state != State.OPEN) return;
            if (f.isSuccess()) {
                from.read();
            } else {
                closeBoth("write failed");
            }
        }
    }
}
