package dev.gantry.bench.monitoring;

/**
 * The steady window in which latencies count, on both clocks: {@code nanoTime} for when the agents sent their
 * reports, epoch millis for the control plane's {@code receivedAt}. Closed until {@link #open}.
 */
final class Window {
    private volatile long startNanos = Long.MAX_VALUE;
    private volatile long endNanos = Long.MAX_VALUE;
    private volatile long startMillis = Long.MAX_VALUE;
    private volatile long endMillis = Long.MAX_VALUE;

    void open() {
        startMillis = System.currentTimeMillis();
        startNanos = System.nanoTime();
    }

    void close() {
        endMillis = System.currentTimeMillis();
        endNanos = System.nanoTime();
    }

    boolean holdsNanos(long t) {
        return t >= startNanos && t < endNanos;
    }

    boolean holdsMillis(long t) {
        return t >= startMillis && t < endMillis;
    }
}
