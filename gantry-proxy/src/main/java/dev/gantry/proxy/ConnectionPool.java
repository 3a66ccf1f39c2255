package dev.gantry.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idle keep-alive connections to one backend, kept per event loop so a connection is only ever
 * touched by the loop it lives on. An idle connection keeps a read pending, so a close by the
 * backend is noticed and the connection leaves the pool at once.
 */
final class ConnectionPool {
    private final Upstream upstream;
    private final BackendConnector connector;
    private final int maxIdlePerLoop;
    private final Map<EventLoop, ArrayDeque<Channel>> idle = new ConcurrentHashMap<>();
    /** Connections carrying a request now. */
    private final java.util.Set<Channel> busy = ConcurrentHashMap.newKeySet();

    ConnectionPool(Upstream upstream, BackendConnector connector, int maxIdlePerLoop) {
        this.upstream = upstream;
        this.connector = connector;
        this.maxIdlePerLoop = maxIdlePerLoop;
    }

    /** An open idle connection on this loop, or null. Call on {@code loop}. */
    Channel pollIdle(EventLoop loop) {
        ArrayDeque<Channel> deque = idle.get(loop);
        if (deque == null) return null;
        Channel ch;
        while ((ch = deque.pollLast()) != null) {
            if (ch.isActive()) return ch;
            ch.close();
        }
        return null;
    }

    ChannelFuture connect(EventLoop loop) {
        return connector.connect(loop, upstream);
    }

    /** Takes back a connection whose exchange finished cleanly. Call on the channel's loop. */
    void release(Channel ch) {
        if (upstream.retired() || !ch.isActive()) {
            ch.close();
            return;
        }
        ArrayDeque<Channel> deque = idle.computeIfAbsent(ch.eventLoop(), l -> new ArrayDeque<>());
        if (deque.size() >= maxIdlePerLoop) {
            ch.close();
            return;
        }
        deque.addLast(ch);
        ch.read();
    }

    /** Forgets a connection that closed while idle. Call on the channel's loop. */
    void remove(Channel ch) {
        ArrayDeque<Channel> deque = idle.get(ch.eventLoop());
        if (deque != null) deque.remove(ch);
    }

    /** Notes that {@code ch} carries a request ({@code busy}) or no longer does. */
    void inUse(Channel ch, boolean inUse) {
        if (inUse) busy.add(ch);
        else busy.remove(ch);
    }

    /**
     * The backend left the table abruptly: each request in flight on it is sent elsewhere where that is safe
     * ({@link BackendHandler#backendLeft}), each on its connection's loop.
     */
    void resendInFlight() {
        for (Channel ch : busy) {
            ch.eventLoop().execute(() -> ((BackendHandler) ch.pipeline().last()).backendLeft());
        }
    }

    /** Closes every idle connection; connections in use close when their exchange ends. */
    void closeIdle() {
        idle.forEach((loop, deque) -> loop.execute(() -> {
            Channel ch;
            while ((ch = deque.poll()) != null) ch.close();
        }));
    }
}
