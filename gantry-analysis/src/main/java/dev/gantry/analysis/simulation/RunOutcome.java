package dev.gantry.analysis.simulation;

import dev.gantry.api.canary.Decision;

/**
 * What the judges decided on one simulated run, and when (seconds from the start; the look that decided).
 *
 * @param seed                 the run's seed
 * @param sequential           the sequential judge's decision (CONTINUE if none by the last interval)
 * @param sequentialSeconds    when it decided; the run's length if it did not
 * @param sequentialAnyRollback whether its evidence said ROLLBACK at any look, even after it had promoted
 * @param classic              the interval judge's decision; null when there was none
 * @param classicSeconds       when it decided
 */
public record RunOutcome(
        long seed,
        Decision sequential,
        int sequentialSeconds,
        boolean sequentialAnyRollback,
        Decision classic,
        int classicSeconds) {}
