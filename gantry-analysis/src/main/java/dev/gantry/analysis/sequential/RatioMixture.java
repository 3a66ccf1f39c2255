package dev.gantry.analysis.sequential;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.special.Beta;

/**
 * The likelihood of the error-rate ratio r = canary rate / stable rate from the errors' split between the arms, and
 * its mixtures over a prior, after Lindon and Malek (2022), "Anytime-Valid Inference for Multinomial Count Data",
 * NeurIPS.
 *
 * <p>Conditional on a window's total errors n, the canary's count x is Binomial(n, p) with p = s r / (s r + 1 - s),
 * s the canary's share of the window's requests. The prior is their conjugate Beta(K s0, K (1 - s0)) on p, centred
 * on the null at the first window's share s0, carried to u = log r. With one split throughout, the two-sided mixture
 * is their closed form B(a + x, b + n - x) / B(a, b) / (p0^x (1 - p0)^(n - x)); a weighted random router never gives
 * the same split twice, so the integral is taken numerically on a grid of u (0.01 wide, the trapezoid rule).
 *
 * <p>The one-sided mixtures test "r &lt;= r0" (prior restricted to u &gt; log r0) and "r &gt;= r0" (u &lt; log r0):
 * the binomial family has a monotone likelihood ratio, so each stays a supermartingale on its whole null, and Ville's
 * inequality bounds its chance of ever reaching 1/alpha by alpha.
 */
final class RatioMixture {
    /** The prior's weight, in errors. */
    static final double PRIOR_WEIGHT = 30;

    private static final double GRID_MIN = -8, GRID_MAX = 8, STEP = 0.01;
    private static final int SIZE = (int) Math.round((GRID_MAX - GRID_MIN) / STEP) + 1;
    private static final double[] EXP_U = new double[SIZE];

    static {
        for (int i = 0; i < SIZE; i++) EXP_U[i] = Math.exp(u(i));
    }

    private final List<double[]> windows = new ArrayList<>(); // {share, x, n}
    // on the grid, from the first window with requests on both arms: the log likelihood and log prior, the prior's
    // sums below and above each point, scaled by its maximum; the likelihood times prior likewise, refreshed lazily
    private double[] logLikelihood, logPrior, priorBelow, priorAbove;
    private final double[] weights = new double[SIZE], weightsBelow = new double[SIZE], weightsAbove = new double[SIZE];
    private double maxPrior, maxWeight;
    private boolean stale;

    /** Adds a window with requests on both arms: the canary's share of them, its errors and both arms' errors. */
    void add(double share, long canaryErrors, long totalErrors) {
        if (logLikelihood == null) {
            logLikelihood = new double[SIZE];
            logPrior = new double[SIZE];
            for (int i = 0; i < SIZE; i++) logPrior[i] = logPrior(share, u(i));
            maxPrior = max(logPrior);
            priorBelow = new double[SIZE];
            priorAbove = new double[SIZE];
            for (int i = 1; i < SIZE; i++) priorBelow[i] = priorBelow[i - 1] + Math.exp(logPrior[i - 1] - maxPrior);
            for (int i = SIZE - 2; i >= 0; i--)
                priorAbove[i] = priorAbove[i + 1] + Math.exp(logPrior[i + 1] - maxPrior);
        }
        if (totalErrors == 0) return;
        windows.add(new double[] {share, canaryErrors, totalErrors});
        double constant = canaryErrors * Math.log(share) + (totalErrors - canaryErrors) * Math.log1p(-share);
        for (int i = 0; i < SIZE; i++)
            logLikelihood[i] += constant + canaryErrors * u(i) - totalErrors * Math.log(share * EXP_U[i] + 1 - share);
        stale = true;
    }

    /** log of the two-sided mixture likelihood ratio against r0. */
    double logE(double r0) {
        if (windows.isEmpty()) return 0;
        refresh();
        double sum = 0;
        for (int i = 0; i < SIZE; i++) sum += (i == 0 || i == SIZE - 1 ? 0.5 : 1) * weights[i];
        return maxWeight + Math.log(sum * STEP) - logLikelihood(Math.log(r0));
    }

    /** log of the mixture against "r &lt;= r0" (prior on r &gt; r0): large when the canary errs more. */
    double logEAbove(double r0) {
        if (windows.isEmpty()) return 0;
        refresh();
        int first = (int) Math.floor((Math.log(r0) - GRID_MIN) / STEP) + 1; // the first grid point above r0
        if (first >= SIZE) return Double.NEGATIVE_INFINITY;
        return logAbove(Math.max(1, first) - 1) - logLikelihood(Math.log(r0));
    }

    /** log of the mixture against "r &gt;= r0" (prior on r &lt; r0): large when the canary errs less. */
    double logEBelow(double r0) {
        if (windows.isEmpty()) return 0;
        refresh();
        int last = (int) Math.ceil((Math.log(r0) - GRID_MIN) / STEP) - 1; // the last grid point below
        if (last < 0) return Double.NEGATIVE_INFINITY;
        return logBelow(Math.min(SIZE - 1, last) + 1) - logLikelihood(Math.log(r0));
    }

    /**
     * The one-sided confidence bounds {lower, upper} for r at level alpha each: going out from the likeliest ratio,
     * the first grid ratio the one-sided test rejects, on each side; 0 and infinity where none is.
     */
    double[] bounds(double alpha) {
        if (windows.isEmpty()) return new double[] {0, Double.POSITIVE_INFINITY};
        refresh();
        double threshold = Math.log(1 / alpha);
        int peak = 0;
        for (int i = 1; i < SIZE; i++) if (logLikelihood[i] > logLikelihood[peak]) peak = i;
        int lower = peak;
        while (lower > 0 && logAbove(lower) - logLikelihood[lower] < threshold) lower--;
        int upper = peak;
        while (upper < SIZE - 1 && logBelow(upper) - logLikelihood[upper] < threshold) upper++;
        return new double[] {
            lower == 0 ? 0 : Math.exp(u(lower)), upper == SIZE - 1 ? Double.POSITIVE_INFINITY : Math.exp(u(upper))
        };
    }

    /** log of the prior-weighted mean likelihood over grid points above i. */
    private double logAbove(int i) {
        double likelihood = weightsAbove[i], prior = priorAbove[i];
        return logRatio(likelihood, prior, maxWeight - maxPrior);
    }

    /** log of the prior-weighted mean likelihood over grid points below i. */
    private double logBelow(int i) {
        double likelihood = weightsBelow[i], prior = priorBelow[i];
        return logRatio(likelihood, prior, maxWeight - maxPrior);
    }

    /** After an add: the grid's likelihood times prior, scaled by its maximum, and its sums above and below each point. */
    private void refresh() {
        if (!stale) return;
        maxWeight = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < SIZE; i++) maxWeight = Math.max(maxWeight, logLikelihood[i] + logPrior[i]);
        for (int i = 0; i < SIZE; i++) weights[i] = Math.exp(logLikelihood[i] + logPrior[i] - maxWeight);
        weightsBelow[0] = 0;
        for (int i = 1; i < SIZE; i++) weightsBelow[i] = weightsBelow[i - 1] + weights[i - 1];
        weightsAbove[SIZE - 1] = 0;
        for (int i = SIZE - 2; i >= 0; i--) weightsAbove[i] = weightsAbove[i + 1] + weights[i + 1];
        stale = false;
    }

    /** log(likelihood / prior) + offset; minus infinity when the prior has no mass there (the test cannot reject). */
    private static double logRatio(double likelihood, double prior, double offset) {
        if (prior <= 0 || likelihood <= 0) return Double.NEGATIVE_INFINITY;
        return Math.log(likelihood / prior) + offset;
    }

    /** The exact log likelihood at u = log r, from the windows kept. */
    private double logLikelihood(double u) {
        double sum = 0;
        for (double[] w : windows) sum += logLikelihood(w[0], (long) w[1], (long) w[2], u);
        return sum;
    }

    /** log of p^x (1 - p)^(n - x) with p = s e^u / (s e^u + 1 - s). */
    private static double logLikelihood(double share, long x, long n, double u) {
        return x * (Math.log(share) + u) + (n - x) * Math.log1p(-share) - n * Math.log(share * Math.exp(u) + 1 - share);
    }

    /** Beta(K s0, K (1 - s0)) on p at share s0, carried to u = log r (Jacobian p (1 - p)). */
    private static double logPrior(double share, double u) {
        double a = PRIOR_WEIGHT * share, b = PRIOR_WEIGHT * (1 - share);
        double logDenominator = Math.log(share * Math.exp(u) + 1 - share);
        double logP = Math.log(share) + u - logDenominator, log1mP = Math.log1p(-share) - logDenominator;
        return a * logP + b * log1mP - Beta.logBeta(a, b);
    }

    private static double u(int i) {
        return GRID_MIN + i * STEP;
    }

    private static double max(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) max = Math.max(max, v);
        return max;
    }
}
