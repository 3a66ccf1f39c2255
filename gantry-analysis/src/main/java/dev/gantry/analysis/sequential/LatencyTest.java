package dev.gantry.analysis.sequential;

import dev.gantry.api.canary.Arm;
import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.MetricVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latency metric: confidence sequences for the p50 and p95 of each arm's latency, after Howard and Ramdas
 * (2022), "Sequential estimation of quantiles with applications to A/B-testing and best-arm identification",
 * Bernoulli.
 *
 * <p>For a quantile level p and the true quantile q, the number of samples at or below q after t samples is
 * Binomial(t, p) (for a continuous distribution), so the beta-binomial mixture of {@link BetaBinomialMixture} bounds
 * it at every t at once: the plausible counts form an interval [kLo, kHi], and the quantile lies between the order
 * statistics X(kLo) and X(kHi + 1), simultaneously for all t with probability at least 1 - alpha. Comparing arms,
 * the canary's quantile is credibly above stable's times (1 + tolerance) when the canary's lower bound exceeds
 * stable's upper bound times (1 + tolerance): a rollback; when for both quantiles the canary's upper bound is at most
 * stable's lower bound times (1 + tolerance), it is credibly no slower: a promotion. Four sequences (two quantiles,
 * two arms) share the metric's alpha equally.
 */
final class LatencyTest {
    /** Latency increases below this many milliseconds never count as a regression. */
    static final double FLOOR_MS = 2;

    static final double[] LEVELS = {0.5, 0.95};
    /** The prior's weight in samples: Beta(K p, K (1 - p)), tight around the few thousand samples a decision takes. */
    private static final double PRIOR_WEIGHT = 300;

    private final SequentialSettings settings;
    private final LatencyHistogram baseline = new LatencyHistogram(), canary = new LatencyHistogram();

    LatencyTest(SequentialSettings settings) {
        this.settings = settings;
    }

    void add(Arm baselineArm, Arm canaryArm) {
        baseline.addAll(baselineArm.latencyMs());
        canary.addAll(canaryArm.latencyMs());
    }

    /** False until either arm has had a latency sample: counts-only input skips the metric. */
    boolean hasData() {
        return baseline.total() > 0 || canary.total() > 0;
    }

    MetricVerdict verdict() {
        double alpha = settings.metricAlpha() / (2 * LEVELS.length);
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("canarySamples", (double) canary.total());
        numbers.put("baselineSamples", (double) baseline.total());
        numbers.put("alpha", settings.metricAlpha());
        if (canary.total() < settings.minLatencySamples() || baseline.total() < settings.minLatencySamples())
            return new MetricVerdict(
                    "latency",
                    Decision.CONTINUE,
                    "waiting for data: " + canary.total()
                            + " canary and " + baseline.total() + " stable latency samples of "
                            + settings.minLatencySamples()
                            + " each",
                    numbers);

        double factor = 1 + settings.latencyTolerance();
        List<String> slower = new ArrayList<>(), within = new ArrayList<>(), open = new ArrayList<>();
        for (double level : LEVELS) {
            String name = "p" + Math.round(level * 100);
            double[] c = bounds(canary, level, alpha), b = bounds(baseline, level, alpha);
            put(numbers, name, "canary", c);
            put(numbers, name, "baseline", b);
            String summary = name + " " + ms(c[1]) + " vs " + ms(b[1]) + " ms";
            if (c[0] > allowed(b[2], factor))
                slower.add(summary + ": canary >= " + ms(c[0]) + " > " + limit(b[2], factor));
            else if (c[2] <= allowed(b[0], factor))
                within.add(summary + ": canary <= " + ms(c[2]) + " <= " + limit(b[0], factor));
            else
                open.add(summary + ": canary in [" + ms(c[0]) + ", " + ms(c[2]) + "], stable in [" + ms(b[0]) + ", "
                        + ms(b[2]) + "]");
        }
        String level = " at " + ErrorRatioTest.percent(1 - settings.metricAlpha());
        if (!slower.isEmpty())
            return new MetricVerdict("latency", Decision.ROLLBACK, String.join("; ", slower) + level, numbers);
        if (open.isEmpty())
            return new MetricVerdict("latency", Decision.PROMOTE, String.join("; ", within) + level, numbers);
        open.addAll(within);
        return new MetricVerdict("latency", Decision.CONTINUE, String.join("; ", open) + level, numbers);
    }

    /**
     * The most a canary quantile may be against stable's {@code bound}: the relative tolerance, but never less than
     * {@link #FLOOR_MS} more: at 1 ms, +50% is half a millisecond, noise of a freshly started JVM, not a regression.
     */
    static double allowed(double bound, double factor) {
        return Math.max(bound * factor, bound + FLOOR_MS);
    }

    private static String limit(double bound, double factor) {
        return bound * factor >= bound + FLOOR_MS
                ? ms(bound) + " x " + ErrorRatioTest.round(factor)
                : ms(bound) + " + " + ErrorRatioTest.round(FLOOR_MS) + " ms";
    }

    /** {lower bound, estimate, upper bound} of the quantile at level p. */
    static double[] bounds(LatencyHistogram samples, double p, double alpha) {
        long t = samples.total();
        long[] k = BetaBinomialMixture.centredOn(p, PRIOR_WEIGHT).plausibleCounts(t, p, alpha);
        double lower = k[0] < 1 ? 0 : LatencyHistogram.lowerEdge(samples.bucketOf(k[0]));
        double upper = k[1] + 1 > t ? Double.POSITIVE_INFINITY : LatencyHistogram.upperEdge(samples.bucketOf(k[1] + 1));
        double estimate = LatencyHistogram.middle(samples.bucketOf(Math.max(1, (long) Math.ceil(p * t))));
        return new double[] {lower, estimate, upper};
    }

    private static void put(Map<String, Double> numbers, String quantile, String arm, double[] bounds) {
        numbers.put(arm + quantile.toUpperCase(java.util.Locale.ROOT), bounds[1]);
        numbers.put(arm + quantile.toUpperCase(java.util.Locale.ROOT) + "Lower", bounds[0]);
        if (Double.isFinite(bounds[2]))
            numbers.put(arm + quantile.toUpperCase(java.util.Locale.ROOT) + "Upper", bounds[2]);
    }

    private static String ms(double value) {
        return Double.isFinite(value) ? ErrorRatioTest.round(value) : "inf";
    }
}
