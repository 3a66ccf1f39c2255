package dev.gantry.analysis.simulation;

import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.Window;
import java.util.List;

/**
 * A fixed-sample judge re-run at every interval on all windows so far, as Spinnaker runs Kayenta: it answers
 * ROLLBACK for a failing score, PROMOTE for a passing one, CONTINUE for a marginal one. The simulation stops the
 * canary at the first ROLLBACK and, after the last interval, promotes only on PROMOTE.
 */
@FunctionalInterface
public interface IntervalJudge {
    Decision judge(List<Window> windowsSoFar);
}
