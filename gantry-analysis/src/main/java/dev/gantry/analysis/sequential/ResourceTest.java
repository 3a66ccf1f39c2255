package dev.gantry.analysis.sequential;

import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.MetricVerdict;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU and memory metrics: a confidence sequence for the mean of the per-window difference canary - stable, with
 * the two-sided normal-mixture boundary of Howard, Ramdas, McAuliffe and Sekhon (2021), "Time-uniform,
 * nonparametric, nonasymptotic confidence sequences", Annals of Statistics: after n windows,
 *
 * <pre>  |mean - mu| &lt; (sigma / n) sqrt((n + rho) log((n + rho) / (rho alpha^2)))</pre>
 *
 * with the variance sigma^2 estimated from the windows so far, which makes the sequence asymptotically valid in the
 * sense of Waudby-Smith, Arbour, Sinha, Kennedy and Ramdas (2024), "Time-uniform central limit theory and asymptotic
 * confidence sequences", Annals of Statistics. Hence a minimum number of windows before it decides. Rollback
 * when the lower bound is above the tolerance times stable's mean (at least the floor); promote when the upper bound
 * is at most that.
 */
final class ResourceTest {
    /** rho, in windows: the boundary is tightest around a few windows to a few dozen. */
    private static final double RHO = 1;

    private final String metric;
    private final String unit;
    private final double tolerance;
    private final double floor;
    private final SequentialSettings settings;
    private long windows;
    private double meanDifference, squares, baselineMean;

    /**
     * @param floor the smallest increase that counts, in the metric's unit, whatever the relative tolerance: a
     *              canary at 8% CPU against 4% is twice as busy but not a regression anyone acts on (and a freshly
     *              started JVM burns that much compiling)
     */
    ResourceTest(String metric, String unit, double tolerance, double floor, SequentialSettings settings) {
        this.metric = metric;
        this.unit = unit;
        this.tolerance = tolerance;
        this.floor = floor;
        this.settings = settings;
    }

    /** Adds one window; skipped (metric unknown there) when either value is null. */
    void add(Double baseline, Double canary) {
        if (baseline == null || canary == null || !Double.isFinite(baseline) || !Double.isFinite(canary)) return;
        windows++;
        double difference = canary - baseline, delta = difference - meanDifference; // Welford
        meanDifference += delta / windows;
        squares += delta * (difference - meanDifference);
        baselineMean += (baseline - baselineMean) / windows;
    }

    boolean hasData() {
        return windows > 0;
    }

    MetricVerdict verdict() {
        double alpha = settings.metricAlpha();
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("windows", (double) windows);
        numbers.put("baselineMean", baselineMean);
        numbers.put("canaryMean", baselineMean + meanDifference);
        numbers.put("alpha", alpha);
        if (windows < settings.minResourceWindows())
            return new MetricVerdict(
                    metric,
                    Decision.CONTINUE,
                    "waiting for data: " + windows + " of " + settings.minResourceWindows() + " windows with " + metric
                            + " figures for both arms",
                    numbers);
        // a floor on sigma keeps identical series (zero variance) from giving a zero-width sequence
        double variance = Math.max(squares / (windows - 1), Math.pow(1e-3 * Math.abs(baselineMean) + 1e-9, 2));
        double n = windows;
        double halfWidth = Math.sqrt(variance) / n * Math.sqrt((n + RHO) * Math.log((n + RHO) / (RHO * alpha * alpha)));
        double lower = meanDifference - halfWidth,
                upper = meanDifference + halfWidth,
                allowed = Math.max(tolerance * Math.abs(baselineMean), floor);
        numbers.put("differenceLower", lower);
        numbers.put("differenceUpper", upper);
        numbers.put("allowedIncrease", allowed);
        String means = metric + " " + value(baselineMean + meanDifference) + " vs " + value(baselineMean) + " " + unit;
        String level = " at " + ErrorRatioTest.percent(1 - alpha);
        if (lower > allowed)
            return new MetricVerdict(
                    metric,
                    Decision.ROLLBACK,
                    means + ": canary >= " + value(lower) + " above stable, allowed " + value(allowed) + level,
                    numbers);
        if (upper <= allowed)
            return new MetricVerdict(
                    metric,
                    Decision.PROMOTE,
                    means + ": canary <= " + value(upper) + " above stable, allowed " + value(allowed) + level,
                    numbers);
        return new MetricVerdict(
                metric,
                Decision.CONTINUE,
                means + ": difference in [" + value(lower) + ", " + value(upper) + "]" + level + ", allowed "
                        + value(allowed),
                numbers);
    }

    private static String value(double v) {
        return ErrorRatioTest.round(v);
    }
}
