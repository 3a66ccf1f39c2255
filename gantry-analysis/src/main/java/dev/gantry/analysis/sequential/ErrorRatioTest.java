package dev.gantry.analysis.sequential;

import dev.gantry.api.canary.Arm;
import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.MetricVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.special.Beta;

/**
 * The error metric: an anytime-valid test and confidence sequence for the ratio r = canary error rate / stable error
 * rate, after Lindon and Malek (2022), "Anytime-Valid Inference for Multinomial Count Data", NeurIPS.
 *
 * <p>Errors arrive on each arm as Poisson counts in proportion to its requests times its rate. Conditional on a
 * window's total errors n, the canary's share x is Binomial(n, p) with p = s r / (s r + 1 - s), where s is the
 * canary's share of the window's requests: the stable rate drops out, so the test needs no estimate of it and a
 * stable release with zero errors is no special case. (With binomial rather than Poisson arms, x is hypergeometric
 * under r = 1, which is dominated in convex order by the binomial, Hoeffding (1963) theorem 4; the likelihood ratios
 * here are convex in x, so they stay supermartingales and the guarantee holds.)
 *
 * <p>The mixture likelihood ratio against r0 is M(r0) = (integral of L(r) over the prior) / L(r0), a test martingale
 * under r0; {r0 : M(r0) &lt; 1/alpha} is a confidence sequence for r. The prior is Lindon and Malek's conjugate Beta,
 * centred on the null, placed on p at the first window's split s0 and carried to log r. When every window has the
 * same split this is exactly their closed form, B(a + x, b + n - x) / B(a, b) / (p0^x (1 - p0)^(n - x)); when the
 * split moves between windows (a weighted random router never gives exactly the same split twice) the same prior is
 * integrated numerically over a grid of log r, which is why a grid is here.
 *
 * <p>Promotion also accepts an absolute bound, so near-zero rates (where any ratio is plausible) are promoted in
 * reasonable time: the canary's rate's upper confidence bound minus stable's lower one at most the absolute
 * tolerance, each from the beta-binomial mixture of {@link BetaBinomialMixture}.
 */
final class ErrorRatioTest {
    /** The prior's weight, in errors: Beta(K s0, K (1 - s0)) on the canary's share of errors. */
    static final double PRIOR_WEIGHT = 30;

    private static final double GRID_MIN = -8, GRID_MAX = 8, GRID_STEP = 0.01;
    private static final int GRID_SIZE = (int) Math.round((GRID_MAX - GRID_MIN) / GRID_STEP) + 1;
    private static final BetaBinomialMixture RATE_PRIOR = new BetaBinomialMixture(0.5, 0.5);

    private final SequentialSettings settings;
    private final List<double[]> windows = new ArrayList<>(); // {share s, canary errors x, total errors n}
    private double[] logLikelihood; // over the grid of log r, from the first informative window
    private double[] logPrior; // over the same grid
    private double priorShare = Double.NaN;
    private long canaryRequests, canaryErrors, baselineRequests, baselineErrors;

    ErrorRatioTest(SequentialSettings settings) {
        this.settings = settings;
    }

    void add(Arm baseline, Arm canary) {
        canaryRequests += canary.requests();
        canaryErrors += canary.errors();
        baselineRequests += baseline.requests();
        baselineErrors += baseline.errors();
        if (canary.requests() == 0 || baseline.requests() == 0) return; // all errors on one arm: no information
        double share = (double) canary.requests() / (canary.requests() + baseline.requests());
        if (Double.isNaN(priorShare)) {
            priorShare = share;
            logLikelihood = new double[GRID_SIZE];
            logPrior = new double[GRID_SIZE];
            for (int i = 0; i < GRID_SIZE; i++) logPrior[i] = logPrior(share, u(i));
        }
        long n = canary.errors() + baseline.errors();
        if (n == 0) return;
        windows.add(new double[] {share, canary.errors(), n});
        for (int i = 0; i < GRID_SIZE; i++) logLikelihood[i] += windowLogLikelihood(share, canary.errors(), n, u(i));
    }

    MetricVerdict verdict() {
        double alpha = settings.metricAlpha();
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("canaryRequests", (double) canaryRequests);
        numbers.put("canaryErrors", (double) canaryErrors);
        numbers.put("baselineRequests", (double) baselineRequests);
        numbers.put("baselineErrors", (double) baselineErrors);
        double canaryRate = rate(canaryErrors, canaryRequests), baselineRate = rate(baselineErrors, baselineRequests);
        numbers.put("canaryRate", canaryRate);
        numbers.put("baselineRate", baselineRate);
        numbers.put("alpha", alpha);
        if (canaryRequests < settings.minRequests() || baselineRequests == 0)
            return new MetricVerdict(
                    "errors",
                    Decision.CONTINUE,
                    "waiting for data: " + canaryRequests + " of " + settings.minRequests() + " canary requests, "
                            + baselineRequests + " stable",
                    numbers);

        double logMarginal = logMarginal();
        double threshold = Math.log(1 / alpha);
        double[] ratio = ratioBounds(logMarginal - threshold);
        if (ratio[0] > 0) numbers.put("ratioLower", ratio[0]);
        if (Double.isFinite(ratio[1])) numbers.put("ratioUpper", ratio[1]);
        double limit = 1 + settings.errorRatioTolerance();
        numbers.put("eValueRatio1", Math.exp(Math.min(700, logMarginal - logLikelihood(0))));
        numbers.put("eValueRatioLimit", Math.exp(Math.min(700, logMarginal - logLikelihood(Math.log(limit)))));
        String rates = "canary error rate " + percent(canaryRate) + " vs " + percent(baselineRate);
        String level = " at " + percent(1 - alpha);
        if (ratio[0] > limit)
            return new MetricVerdict(
                    "errors",
                    Decision.ROLLBACK,
                    rates + ": ratio >= " + round(ratio[0]) + " > " + round(limit) + level,
                    numbers);
        if (ratio[1] < limit)
            return new MetricVerdict(
                    "errors",
                    Decision.PROMOTE,
                    rates + ": ratio <= " + round(ratio[1]) + " < " + round(limit) + level,
                    numbers);

        double canaryUpper = RATE_PRIOR.bounds(canaryErrors, canaryRequests, alpha / 2)[1];
        double[] baselineBounds = RATE_PRIOR.bounds(baselineErrors, baselineRequests, alpha / 2);
        numbers.put("canaryRateUpper", canaryUpper);
        numbers.put("baselineRateLower", baselineBounds[0]);
        numbers.put("baselineRateUpper", baselineBounds[1]);
        // canary - stable = stable (r - 1): bounded through the ratio while stable has errors, else by the rates
        double excess = Math.min(canaryUpper - baselineBounds[0], baselineBounds[1] * (ratio[1] - 1));
        numbers.put("excessUpper", excess);
        if (excess <= settings.errorRateTolerance())
            return new MetricVerdict(
                    "errors",
                    Decision.PROMOTE,
                    rates + ": canary rate <= " + percent(canaryUpper) + ", at most " + points(excess)
                            + " above stable (tolerance " + points(settings.errorRateTolerance()) + ")" + level,
                    numbers);
        return new MetricVerdict(
                "errors",
                Decision.CONTINUE,
                rates + ": ratio in [" + round(ratio[0]) + ", " + (Double.isFinite(ratio[1]) ? round(ratio[1]) : "inf")
                        + "]" + level + ", not yet beyond " + round(limit) + " either way",
                numbers);
    }

    /** log of the prior-weighted integral of the likelihood over log r (trapezoid rule on the grid). */
    private double logMarginal() {
        if (logLikelihood == null) return 0;
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[GRID_SIZE];
        for (int i = 0; i < GRID_SIZE; i++) {
            terms[i] = logLikelihood[i] + logPrior[i];
            max = Math.max(max, terms[i]);
        }
        double sum = 0;
        for (int i = 0; i < GRID_SIZE; i++) sum += (i == 0 || i == GRID_SIZE - 1 ? 0.5 : 1) * Math.exp(terms[i] - max);
        return max + Math.log(sum * GRID_STEP);
    }

    /** The log ratios whose likelihood is above the cut, as ratios; 0 or infinity where the set meets the grid's end. */
    private double[] ratioBounds(double cut) {
        if (logLikelihood == null) return new double[] {0, Double.POSITIVE_INFINITY};
        int first = -1, last = -1;
        for (int i = 0; i < GRID_SIZE; i++)
            if (logLikelihood[i] > cut) {
                if (first < 0) first = i;
                last = i;
            }
        if (first < 0) return new double[] {0, Double.POSITIVE_INFINITY}; // cannot happen: the maximum is above
        double lo = first == 0 ? 0 : Math.exp(interpolate(first - 1, first, cut));
        double hi = last == GRID_SIZE - 1 ? Double.POSITIVE_INFINITY : Math.exp(interpolate(last, last + 1, cut));
        return new double[] {lo, hi};
    }

    private double interpolate(int i, int j, double cut) {
        double li = logLikelihood[i], lj = logLikelihood[j];
        return u(i) + (u(j) - u(i)) * (cut - li) / (lj - li);
    }

    /** The exact log likelihood at log ratio u, from the windows kept. */
    private double logLikelihood(double u) {
        double sum = 0;
        for (double[] w : windows) sum += windowLogLikelihood(w[0], (long) w[1], (long) w[2], u);
        return sum;
    }

    /** log of p^x (1 - p)^(n - x) with p = s e^u / (s e^u + 1 - s). */
    private static double windowLogLikelihood(double share, long x, long n, double u) {
        return x * (Math.log(share) + u) + (n - x) * Math.log1p(-share) - n * Math.log(share * Math.exp(u) + 1 - share);
    }

    /** Beta(K s0, K (1 - s0)) on p at the first split, carried to u = log r (Jacobian p (1 - p)). */
    private static double logPrior(double share, double u) {
        double a = PRIOR_WEIGHT * share, b = PRIOR_WEIGHT * (1 - share);
        double logDenominator = Math.log(share * Math.exp(u) + 1 - share);
        double logP = Math.log(share) + u - logDenominator, log1mP = Math.log1p(-share) - logDenominator;
        return a * logP + b * log1mP - Beta.logBeta(a, b);
    }

    private static double u(int i) {
        return GRID_MIN + i * GRID_STEP;
    }

    private static double rate(long errors, long requests) {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.3g%%", 100 * fraction);
    }

    private static String points(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.3g points", 100 * fraction);
    }

    static String round(double value) {
        return String.format(java.util.Locale.ROOT, "%.3g", value);
    }
}
