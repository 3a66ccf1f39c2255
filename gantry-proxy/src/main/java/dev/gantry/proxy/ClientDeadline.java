package dev.gantry.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one deadline a client connection is under, by phase: reading a request's header, idle
 * between requests, reading its body, or taking the response. One timer per connection, moved
 * lazily: changing phase writes two fields, and a timer that fires early re-arms itself for what
 * is left, so a fast request costs no scheduling at all. Runs on the connection's event loop.
 */
final class ClientDeadline {
    /** What the router is waiting for from the client. */
    enum Phase {
        NONE,
        HEADER,
        IDLE,
        BODY,
        SEND
    }

    private final ChannelHandlerContext ctx;
    private final Consumer<Phase> onExpired;
    private Phase phase = Phase.NONE;
    private long deadlineNanos;
    private ScheduledFuture<?> timer;
    private long timerAtNanos;

    ClientDeadline(ChannelHandlerContext ctx, Consumer<Phase> onExpired) {
        this.ctx = ctx;
        this.onExpired = onExpired;
    }

    Phase phase() {
        return phase;
    }

    void set(Phase next, long timeoutNanos) {
        phase = next;
        deadlineNanos = System.nanoTime() + timeoutNanos;
        if (timer == null) {
            schedule(timeoutNanos);
        } else if (deadlineNanos - timerAtNanos < 0) {
            timer.cancel(false);
            schedule(timeoutNanos);
        }
    }

    void clear() {
        phase = Phase.NONE;
    }

    void cancel() {
        phase = Phase.NONE;
        if (timer != null) timer.cancel(false);
        timer = null;
    }

    private void schedule(long delayNanos) {
        timerAtNanos = System.nanoTime() + delayNanos;
        timer = ctx.executor().schedule(this::fire, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        timer = null;
        if (phase == Phase.NONE) return;
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            schedule(left);
            return;
        }
        Phase expired = phase;
        phase = Phase.NONE;
        onExpired.accept(expired);
    }
}
