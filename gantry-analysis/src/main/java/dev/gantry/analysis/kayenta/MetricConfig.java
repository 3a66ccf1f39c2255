package dev.gantry.analysis.kayenta;

import java.util.List;

/**
 * One metric of a Kayenta canary configuration, as the judge uses it: its name and groups, and the
 * {@code analysisConfigurations.canary} settings with Kayenta's defaults filled in. The metric store query is
 * kept only as its {@code type}: offline, the values come with the request.
 *
 * @param queryType        {@code query.type} (prometheus, datadog, ...); null when absent
 * @param direction        which way is a failure: {@code increase} (only High fails), {@code decrease} (only Low), or
 *                         {@code either} (the default)
 * @param nanStrategy      what a missing value becomes: removed (the default) or 0
 * @param critical         a critical metric that fails (or has no data) fails the whole run
 * @param mustHaveData     no data is a failure of this metric ({@code NodataFailMetric}) instead of {@code Nodata}
 * @param effectSize       the size a difference must have to count, besides being significant
 * @param removeOutliers   {@code outliers.strategy: remove} (the default is keep)
 * @param outlierFactor    {@code outliers.outlierFactor}: how many IQRs beyond the quartiles is an outlier (3.0)
 */
public record MetricConfig(
        String name,
        List<String> groups,
        String queryType,
        String scopeName,
        Direction direction,
        NanStrategy nanStrategy,
        boolean critical,
        boolean mustHaveData,
        EffectSize effectSize,
        boolean removeOutliers,
        double outlierFactor) {

    public MetricConfig {
        groups = List.copyOf(groups);
    }

    /** Which change of the canary is a failure. */
    public enum Direction {
        INCREASE,
        DECREASE,
        EITHER
    }

    /** What a missing (NaN) value becomes. */
    public enum NanStrategy {
        REMOVE,
        REPLACE
    }

    /** How the size of a difference is measured. */
    public enum Measure {
        /** mean(canary) / mean(baseline); 1.0 is no change (1.0 when the baseline's mean is 0, as in Kayenta) */
        MEAN_RATIO,
        /** common-language effect size: P(a canary value > a baseline value), ties counting half; 0.5 is no change */
        CLES
    }

    /**
     * The effect-size gate: a metric is High only when its effect is at least {@code allowedIncrease}, Low only
     * when at most {@code allowedDecrease}; a critical metric fails the run only past {@code criticalIncrease} /
     * {@code criticalDecrease}. Each defaults to the measure's "no change" (1.0 for meanRatio, 0.5 for cles).
     */
    public record EffectSize(
            Measure measure,
            double allowedIncrease,
            double allowedDecrease,
            double criticalIncrease,
            double criticalDecrease) {}
}
