package dev.gantry.api.canary;

import java.util.List;

/**
 * The Kayenta-compatible judge's answer (the {@code NetflixACAJudge-v1.0} semantics): a summary score 0..100
 * from the weighted group scores, what it means against the configured thresholds, and each metric's
 * classification.
 *
 * @param score       the summary score, rounded to 2 decimals; 0 when a critical metric failed or half the
 *                    metrics or more had no data
 * @param result      {@code Pass} (score >= pass threshold), {@code Marginal} (>= marginal) or {@code Fail}
 * @param reason      why, in one sentence
 * @param groupScores each group's score and weight
 * @param metrics     each metric of the configuration, in its order
 */
public record KayentaResult(
        double score,
        String result,
        String reason,
        List<KayentaGroupScore> groupScores,
        List<KayentaMetricResult> metrics)
        implements Judgement {
    public static final String PASS = "Pass";
    public static final String MARGINAL = "Marginal";
    public static final String FAIL = "Fail";

    public KayentaResult {
        groupScores = groupScores == null ? List.of() : List.copyOf(groupScores);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
}
