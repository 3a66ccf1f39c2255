package dev.gantry.api.canary;

import java.util.List;

/**
 * The judge's answer after a look: the decision, why, and each metric's finding. ROLLBACK when any
 * metric says so; PROMOTE when every metric does; CONTINUE otherwise.
 */
public record Verdict(Decision decision, String reason, List<MetricVerdict> metrics) {
    public Verdict {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
}
