package dev.gantry.server.releases;

import dev.gantry.api.Strategy;

/**
 * The next step of a rolling update within its limits, as a value: how many new instances to start, or how many
 * old ones to drain (never both; the engine does one step at a time). Decided when no step is in flight, so every
 * instance counted serves: the old ones left and the new ones that became READY.
 *
 * <p>At most {@code target + maxSurge} instances exist (a start adds only up to that), and at least {@code target -
 * maxUnavailable} serve (a drain takes away only down to that). After a start it drains first, so a surge is paid
 * back before the next one; otherwise it starts first. Rolling(1, 0) is thus: start one, drain one, and so on.
 *
 * @param start how many new instances to place now
 * @param drain how many old instances to drain now (the oldest first)
 */
record RollingBatch(int start, int drain) {
    static final RollingBatch DONE = new RollingBatch(0, 0);

    /**
     * @param old        old instances still placed (all serving)
     * @param fresh      new instances placed so far (all READY)
     * @param afterStart the step that just completed started new instances
     */
    static RollingBatch next(Strategy.Rolling limits, int target, int old, int fresh, boolean afterStart) {
        int total = old + fresh;
        int drain = Math.min(old, total - (target - limits.maxUnavailable()));
        int start = Math.min(target - fresh, target + limits.maxSurge() - total);
        if (afterStart && drain > 0) return new RollingBatch(0, drain);
        if (start > 0) return new RollingBatch(start, 0);
        if (drain > 0) return new RollingBatch(0, drain);
        return DONE;
    }

    boolean done() {
        return start == 0 && drain == 0;
    }
}
