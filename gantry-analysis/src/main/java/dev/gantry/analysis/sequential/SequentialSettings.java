package dev.gantry.analysis.sequential;

/**
 * How the sequential judge decides: its false-alarm level and the tolerances within which a canary counts as
 * no worse than stable. Validated on construction; each message names the field.
 *
 * @param alpha               the chance, over the whole rollout and every look, of rolling back a canary that is
 *                            no worse than stable; split equally over the four metrics (Bonferroni)
 * @param errorRatioTolerance relative: rollback when the canary's error rate is credibly above stable's times
 *                            (1 + this); promote when credibly below it
 * @param errorRateTolerance  absolute, as a fraction (0.005 = half a percentage point): promote also when the
 *                            canary's error rate is credibly at most this much above stable's, so near-zero rates
 *                            (where a ratio says little) are promoted in reasonable time
 * @param latencyTolerance    relative: for p50 and p95, rollback when the canary's quantile is credibly above
 *                            stable's times (1 + this); promote when credibly below it for both
 * @param cpuTolerance        relative, on the mean CPU of the instances
 * @param memoryTolerance     relative, on the mean memory of the instances
 * @param minRequests         canary requests before the error metric decides anything
 * @param minLatencySamples   latency samples per arm before the latency metric decides anything
 * @param minResourceWindows  windows with CPU (or memory) figures for both arms before that metric decides
 */
public record SequentialSettings(
        double alpha,
        double errorRatioTolerance,
        double errorRateTolerance,
        double latencyTolerance,
        double cpuTolerance,
        double memoryTolerance,
        long minRequests,
        int minLatencySamples,
        int minResourceWindows) {

    /** The metrics alpha is split over; fixed in advance so the split does not depend on the data. */
    static final int METRICS = 4;

    public SequentialSettings {
        if (!(alpha > 0 && alpha <= 0.5))
            throw new IllegalArgumentException("alpha: must be in (0, 0.5], was " + alpha);
        requireTolerance("errorRatioTolerance", errorRatioTolerance, 10);
        requireTolerance("errorRateTolerance", errorRateTolerance, 1);
        requireTolerance("latencyTolerance", latencyTolerance, 10);
        requireTolerance("cpuTolerance", cpuTolerance, 10);
        requireTolerance("memoryTolerance", memoryTolerance, 10);
        if (minRequests < 1) throw new IllegalArgumentException("minRequests: must be >= 1, was " + minRequests);
        if (minLatencySamples < 1)
            throw new IllegalArgumentException("minLatencySamples: must be >= 1, was " + minLatencySamples);
        if (minResourceWindows < 2)
            throw new IllegalArgumentException("minResourceWindows: must be >= 2, was " + minResourceWindows);
    }

    /**
     * Defaults: errors within 10% relative or half a percentage point, p50 and p95 within 10%, CPU and memory
     * within 20%; at least 100 canary requests, 50 latency samples per arm and 5 resource windows before a metric
     * decides.
     */
    public static SequentialSettings of(double alpha) {
        return new SequentialSettings(alpha, 0.1, 0.005, 0.1, 0.2, 0.2, 100, 50, 5);
    }

    /** The level each metric is tested at. */
    double metricAlpha() {
        return alpha / METRICS;
    }

    private static void requireTolerance(String field, double value, double max) {
        if (!(value >= 0 && value <= max))
            throw new IllegalArgumentException(field + ": must be in [0, " + max + "], was " + value);
    }
}
