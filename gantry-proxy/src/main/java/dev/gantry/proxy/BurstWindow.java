package dev.gantry.proxy;

/**
 * One side's requests and failures over the last second, in ten slots of 100 ms (a sliding window
 * to within a slot). Thread-safe; each record costs a lock that only that side's traffic takes.
 */
final class BurstWindow {
    static final long WINDOW_NANOS = 1_000_000_000L;
    private static final int SLOTS = 10;
    private static final long SLOT_NANOS = WINDOW_NANOS / SLOTS;

    private final long[] slotStart = new long[SLOTS];
    private final int[] requests = new int[SLOTS];
    private final int[] failures = new int[SLOTS];

    /** Counts one request ending at {@code nowNanos}; returns the window's totals after it, as {@link Totals}. */
    synchronized Totals record(long nowNanos, boolean failed) {
        long slot = Math.floorDiv(nowNanos, SLOT_NANOS);
        int i = (int) Math.floorMod(slot, (long) SLOTS);
        if (slotStart[i] != slot) {
            slotStart[i] = slot;
            requests[i] = 0;
            failures[i] = 0;
        }
        requests[i]++;
        if (failed) failures[i]++;
        return sum(slot);
    }

    /** The window's totals at {@code nowNanos}, recording nothing. */
    synchronized Totals totals(long nowNanos) {
        return sum(Math.floorDiv(nowNanos, SLOT_NANOS));
    }

    private Totals sum(long slot) {
        int r = 0;
        int f = 0;
        for (int k = 0; k < SLOTS; k++) {
            if (slot - slotStart[k] < SLOTS) {
                r += requests[k];
                f += failures[k];
            }
        }
        return new Totals(r, f);
    }

    /** Requests and failures in the window. */
    record Totals(int requests, int failures) {}
}
