package dev.gantry.analysis.sequential;

import dev.gantry.api.canary.Arm;
import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.MetricVerdict;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The error metric: is the canary's error rate credibly above stable's times (1 + tolerance), or credibly not?
 * Anytime-valid tests on the ratio of the rates, after Lindon and Malek (2022), "Anytime-Valid Inference for
 * Multinomial Count Data", NeurIPS ({@link RatioMixture}).
 *
 * <p>Errors arrive on each arm as counts in proportion to its requests times its rate; conditional on the total, the
 * canary's share is binomial with a success probability fixed by the traffic split and the ratio alone. The stable
 * rate drops out, so a stable release with zero errors is no special case (no division by it). With binomial rather
 * than Poisson arms the canary's share is hypergeometric under equal rates, which is dominated in convex order by the
 * binomial (Hoeffding (1963), "Probability inequalities for sums of bounded random variables", theorem 4); the
 * likelihood ratios are convex in the count, so they stay supermartingales and the guarantee holds.
 *
 * <p>ROLLBACK when the mixture against "ratio &lt;= 1 + tolerance" reaches 1/alpha. PROMOTE when the mixture against
 * "ratio &gt;= 1 + tolerance" does, or, for near-zero rates where a ratio says little, when the canary's excess rate
 * is credibly at most the absolute tolerance: bounded by stable's upper rate times (ratio upper bound - 1), or by the
 * canary's upper rate minus stable's lower one (beta-binomial confidence sequences, {@link BetaBinomialMixture}).
 */
final class ErrorRatioTest {
    private static final BetaBinomialMixture RATE_PRIOR = new BetaBinomialMixture(0.5, 0.5);

    private final SequentialSettings settings;
    private final RatioMixture ratio = new RatioMixture();
    private long canaryRequests, canaryErrors, baselineRequests, baselineErrors;

    ErrorRatioTest(SequentialSettings settings) {
        this.settings = settings;
    }

    void add(Arm baseline, Arm canary) {
        canaryRequests += canary.requests();
        canaryErrors += canary.errors();
        baselineRequests += baseline.requests();
        baselineErrors += baseline.errors();
        if (canary.requests() == 0 || baseline.requests() == 0) return; // every error on one arm: no information
        double share = (double) canary.requests() / (canary.requests() + baseline.requests());
        ratio.add(share, canary.errors(), canary.errors() + baseline.errors());
    }

    MetricVerdict verdict() {
        double alpha = settings.metricAlpha(), threshold = Math.log(1 / alpha);
        double canaryRate = rate(canaryErrors, canaryRequests), baselineRate = rate(baselineErrors, baselineRequests);
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("canaryRequests", (double) canaryRequests);
        numbers.put("canaryErrors", (double) canaryErrors);
        numbers.put("baselineRequests", (double) baselineRequests);
        numbers.put("baselineErrors", (double) baselineErrors);
        numbers.put("canaryRate", canaryRate);
        numbers.put("baselineRate", baselineRate);
        numbers.put("alpha", alpha);
        if (canaryRequests < settings.minRequests() || baselineRequests == 0)
            return verdict(
                    Decision.CONTINUE,
                    "waiting for data: " + canaryRequests + " of " + settings.minRequests() + " canary requests, "
                            + baselineRequests + " stable",
                    numbers);

        double limit = 1 + settings.errorRatioTolerance();
        double[] bounds = ratio.bounds(alpha);
        if (bounds[0] > 0) numbers.put("ratioLower", bounds[0]);
        if (Double.isFinite(bounds[1])) numbers.put("ratioUpper", bounds[1]);
        double logRollback = ratio.logEAbove(limit), logPromote = ratio.logEBelow(limit);
        numbers.put("eValueRollback", eValue(logRollback));
        numbers.put("eValuePromote", eValue(logPromote));
        numbers.put("eValueEqualRates", eValue(ratio.logE(1)));
        String rates = "canary error rate " + percent(canaryRate) + " vs " + percent(baselineRate);
        String range = "ratio in [" + round(bounds[0]) + ", " + round(bounds[1]) + "]";
        String level = " at " + percent(1 - alpha);
        if (logRollback >= threshold)
            return verdict(
                    Decision.ROLLBACK,
                    rates + ": ratio > " + round(limit) + level + " (" + range + ", e-value "
                            + round(eValue(logRollback)) + ")",
                    numbers);
        if (logPromote >= threshold)
            return verdict(
                    Decision.PROMOTE,
                    rates + ": ratio < " + round(limit) + level + " (" + range + ", e-value "
                            + round(eValue(logPromote)) + ")",
                    numbers);

        double canaryUpper = RATE_PRIOR.bounds(canaryErrors, canaryRequests, alpha / 2)[1];
        double[] baselineBounds = RATE_PRIOR.bounds(baselineErrors, baselineRequests, alpha / 2);
        double excess = Math.min(canaryUpper - baselineBounds[0], baselineBounds[1] * (bounds[1] - 1));
        numbers.put("canaryRateUpper", canaryUpper);
        numbers.put("baselineRateLower", baselineBounds[0]);
        numbers.put("baselineRateUpper", baselineBounds[1]);
        numbers.put("excessRateUpper", excess);
        if (excess <= settings.errorRateTolerance())
            return verdict(
                    Decision.PROMOTE,
                    rates + ": at most " + points(excess) + " above stable, tolerance "
                            + points(settings.errorRateTolerance()) + level,
                    numbers);
        return verdict(
                Decision.CONTINUE,
                rates + ": " + range + level + ", not yet beyond " + round(limit) + " either way",
                numbers);
    }

    private static MetricVerdict verdict(Decision decision, String reason, Map<String, Double> numbers) {
        return new MetricVerdict("errors", decision, reason, numbers);
    }

    /** The e-value itself, capped so that it stays a finite double. */
    private static double eValue(double log) {
        return Math.exp(Math.min(700, log));
    }

    private static double rate(long errors, long requests) {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.3g%%", 100 * fraction);
    }

    private static String points(double fraction) {
        return String.format(Locale.ROOT, "%.2g points", 100 * fraction);
    }

    static String round(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3g", value) : "inf";
    }
}
