package dev.gantry.markdown.marked;

import java.util.function.LongSupplier;

/**
 * Bounds one render: a deadline on an injectable nano clock and a nesting depth limit.
 * Checked cooperatively by {@link Source} (every regex character access) and by the lexers.
 */
public final class Budget {
    /** A budget that never runs out; for tests and benchmarks. */
    public static final Budget UNLIMITED = new Budget(Long.MAX_VALUE, Integer.MAX_VALUE, System::nanoTime);

    private final long deadlineNanos;
    private final int maxDepth;
    private final LongSupplier clock;
    private int ticks;

    public Budget(long deadlineNanos, int maxDepth, LongSupplier clock) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth < 1: " + maxDepth);
        }
        this.deadlineNanos = deadlineNanos;
        this.maxDepth = maxDepth;
        this.clock = clock;
    }

    /** Counts one unit of work; looks at the clock every 64k units. */
    void tick() {
        if ((++ticks & 0xFFFF) == 0 && deadlineNanos != Long.MAX_VALUE) {
            checkDeadline();
        }
    }

    /** Throws {@link RenderLimitException} if the deadline has passed. */
    public void checkDeadline() {
        if (clock.getAsLong() - deadlineNanos > 0) {
            throw new RenderLimitException("rendering took longer than the time budget");
        }
    }

    /** Throws {@link RenderLimitException} if {@code depth} exceeds the nesting limit. */
    void checkDepth(int depth, String what) {
        if (depth > maxDepth) {
            throw new RenderLimitException(what + " nested deeper than " + maxDepth + " levels");
        }
    }
}
