package dev.gantry.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps open client connections per router and per client address. The first handler of every
 * client connection: it counts the connection and records whether it was admitted; the protocol
 * handler then answers an over-the-limit connection with 503 and closes it. Trusted proxies are
 * exempt from the per-client cap (many users arrive through one of them).
 */
@ChannelHandler.Sharable
final class ConnectionLimits extends ChannelInboundHandlerAdapter {
    /** How a connection was received. */
    enum Admission {
        ADMITTED,
        ROUTER_FULL,
        CLIENT_FULL
    }

    private static final AttributeKey<Admission> ADMISSION = AttributeKey.valueOf("gantry.admission");

    private final int maxConnections;
    private final int maxPerClient;
    private final TrustedProxies trusted;
    private final FrontendStats stats;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();

    ConnectionLimits(int maxConnections, int maxPerClient, TrustedProxies trusted, FrontendStats stats) {
        this.maxConnections = maxConnections;
        this.maxPerClient = maxPerClient;
        this.trusted = trusted;
        this.stats = stats;
    }

    /** How this connection was received; ADMITTED for a channel this handler never saw. */
    static Admission admission(Channel ch) {
        Admission a = ch.attr(ADMISSION).get();
        return a == null ? Admission.ADMITTED : a;
    }

    int open() {
        return open.get();
    }

    /** Counts the connection as soon as it is accepted, before any other handler looks at it. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Admission a = admit(address(ctx.channel()));
        ctx.channel().attr(ADMISSION).set(a);
        if (a == Admission.ROUTER_FULL) stats.rejectedRouterFull.increment();
        if (a == Admission.CLIENT_FULL) stats.rejectedClientFull.increment();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ctx.channel().attr(ADMISSION).get() == Admission.ADMITTED) release(address(ctx.channel()));
        ctx.fireChannelInactive();
    }

    Admission admit(InetAddress client) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            return Admission.ROUTER_FULL;
        }
        if (client == null || trusted.contains(client)) return Admission.ADMITTED;
        boolean[] full = new boolean[1];
        perClient.compute(client, (k, n) -> {
            int next = n == null ? 1 : n + 1;
            if (next <= maxPerClient) return next;
            full[0] = true;
            return n;
        });
        if (!full[0]) return Admission.ADMITTED;
        open.decrementAndGet();
        return Admission.CLIENT_FULL;
    }

    /** Counts a connection out; a client's entry is dropped at zero, so the map holds only open ones. */
    void release(InetAddress client) {
        open.decrementAndGet();
        if (client == null || trusted.contains(client)) return;
        perClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }

    private static InetAddress address(Channel ch) {
        return ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    }
}
