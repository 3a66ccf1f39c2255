package dev.gantry.analysis.simulation;

import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.Window;

/**
 * A fixed-sample judge re-run at every interval on all windows so far, as Spinnaker runs Kayenta; one per run, fed
 * the windows in order. It answers ROLLBACK for a failing score, PROMOTE for a passing one, CONTINUE for a marginal
 * one. The simulation stops the canary at the first ROLLBACK and, after the last interval, promotes only on PROMOTE.
 */
@FunctionalInterface
public interface IntervalJudge {
    Decision observe(Window window);
}
