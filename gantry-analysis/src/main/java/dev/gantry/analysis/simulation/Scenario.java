package dev.gantry.analysis.simulation;

import dev.gantry.api.canary.Decision;

/**
 * A simulated canary: the two releases' error rates and latency distributions, the traffic (requests per second
 * over both, the canary's weight), the analysis interval, how many intervals, and the decision a correct judge
 * reaches (PROMOTE for an identical canary, ROLLBACK for a regressed one) within {@code deadlineSeconds}.
 */
public record Scenario(
        String name,
        double baselineErrorRate,
        double canaryErrorRate,
        LatencyModel baselineLatency,
        LatencyModel canaryLatency,
        double requestsPerSecond,
        double canaryWeight,
        int intervalSeconds,
        int intervals,
        Decision expected,
        int deadlineSeconds) {

    /** The benchmark's traffic: 500 req/s, 10% to the canary (50 vs 450), judged every 10 s for 10 minutes. */
    public static final double RPS = 500, WEIGHT = 0.1;

    public static final int INTERVAL = 10, INTERVALS = 60;

    public Scenario {
        if (!(baselineErrorRate >= 0 && baselineErrorRate <= 1))
            throw new IllegalArgumentException("baselineErrorRate: must be in [0, 1], was " + baselineErrorRate);
        if (!(canaryErrorRate >= 0 && canaryErrorRate <= 1))
            throw new IllegalArgumentException("canaryErrorRate: must be in [0, 1], was " + canaryErrorRate);
        if (!(canaryWeight > 0 && canaryWeight < 1))
            throw new IllegalArgumentException("canaryWeight: must be in (0, 1), was " + canaryWeight);
        if (!(requestsPerSecond > 0))
            throw new IllegalArgumentException("requestsPerSecond: must be > 0, was " + requestsPerSecond);
        if (intervalSeconds < 1 || intervals < 1)
            throw new IllegalArgumentException("intervalSeconds, intervals: must be >= 1");
    }

    /** The same scenario judged over a different number of intervals. */
    public Scenario withIntervals(int count) {
        return new Scenario(
                name,
                baselineErrorRate,
                canaryErrorRate,
                baselineLatency,
                canaryLatency,
                requestsPerSecond,
                canaryWeight,
                intervalSeconds,
                count,
                expected,
                deadlineSeconds);
    }

    /** Identical releases: 1% errors, log-normal latency with median 20 ms and p95 45 ms. */
    public static Scenario identical() {
        return of(
                "A/A: identical canary", 0.01, 0.01, LatencyModel.TYPICAL, LatencyModel.TYPICAL, Decision.PROMOTE, 600);
    }

    /** The canary errs 5 percentage points more: 6% against 1%. */
    public static Scenario errorsPlus5Points() {
        return of(
                "errors +5 points (1% -> 6%)",
                0.01, 0.06, LatencyModel.TYPICAL, LatencyModel.TYPICAL, Decision.ROLLBACK, 60);
    }

    /** The canary's p95 latency is 50% higher (its median unchanged: a slower tail). */
    public static Scenario latencyP95Plus50() {
        return of(
                "p95 latency +50%",
                0.01, 0.01, LatencyModel.TYPICAL, LatencyModel.TYPICAL.withP95Times(1.5), Decision.ROLLBACK, 60);
    }

    /** The canary errs twice as often: 2% against 1%. */
    public static Scenario errorsDoubled() {
        return of(
                "errors x2 (1% -> 2%)", 0.01, 0.02, LatencyModel.TYPICAL, LatencyModel.TYPICAL, Decision.ROLLBACK, 120);
    }

    private static Scenario of(
            String name,
            double baselineErrors,
            double canaryErrors,
            LatencyModel baseline,
            LatencyModel canary,
            Decision expected,
            int deadline) {
        return new Scenario(
                name,
                baselineErrors,
                canaryErrors,
                baseline,
                canary,
                RPS,
                WEIGHT,
                INTERVAL,
                INTERVALS,
                expected,
                deadline);
    }
}
