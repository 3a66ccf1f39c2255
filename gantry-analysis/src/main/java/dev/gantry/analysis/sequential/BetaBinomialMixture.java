package dev.gantry.analysis.sequential;

import org.apache.commons.math3.special.Beta;

/**
 * The conjugate mixture martingale for a Bernoulli success probability: with a Beta(a, b) prior on the alternative,
 * after x successes in n trials the mixture likelihood ratio against p0 is
 *
 * <pre>  M(p0) = B(a + x, b + n - x) / B(a, b) / (p0^x (1 - p0)^(n - x))</pre>
 *
 * a nonnegative martingale with mean 1 under p0, so by Ville's inequality P(sup_n M &gt;= 1/alpha) &lt;= alpha, and
 * {p0 : M(p0) &lt; 1/alpha} is a confidence sequence, valid at every look at once. This is the beta-binomial
 * boundary of Howard, Ramdas, McAuliffe and Sekhon (2021), "Time-uniform, nonparametric, nonasymptotic confidence
 * sequences", Annals of Statistics, and the one Howard and Ramdas (2022) use for quantiles.
 */
record BetaBinomialMixture(double a, double b) {

    BetaBinomialMixture {
        if (!(a > 0 && b > 0)) throw new IllegalArgumentException("prior: Beta(" + a + ", " + b + ") needs a, b > 0");
    }

    /** A prior centred on p with the weight of {@code concentration} observations. */
    static BetaBinomialMixture centredOn(double p, double concentration) {
        return new BetaBinomialMixture(concentration * p, concentration * (1 - p));
    }

    /** log M(p0) after x successes in n trials. */
    double logE(long x, long n, double p0) {
        return logMarginal(x, n) - xLog(x, p0) - xLog(n - x, 1 - p0);
    }

    /** log of the prior-weighted likelihood, B(a + x, b + n - x) / B(a, b). */
    private double logMarginal(long x, long n) {
        return Beta.logBeta(a + x, b + n - x) - Beta.logBeta(a, b);
    }

    /** The confidence sequence for p after x successes in n trials: {p0 : M(p0) &lt; 1/alpha}. */
    double[] bounds(long x, long n, double alpha) {
        double threshold = Math.log(1 / alpha), marginal = logMarginal(x, n);
        double estimate = n == 0 ? 0.5 : (double) x / n;
        double lo = x == 0 ? 0 : crossing(x, n, marginal - threshold, 0, estimate);
        double hi = x == n ? 1 : crossing(x, n, marginal - threshold, 1, estimate);
        return new double[] {lo, hi};
    }

    /**
     * The range of success counts k in n trials with M(p) &lt; 1/alpha, as {kLo, kHi}; empty (kLo &gt; kHi) only when
     * no count is plausible. log M is convex in k, so the range is an interval around n p.
     */
    long[] plausibleCounts(long n, double p, double alpha) {
        double threshold = Math.log(1 / alpha);
        long centre = Math.round(n * p);
        if (logE(centre, n, p) >= threshold) return new long[] {1, 0};
        long lo = 0, hi = centre; // smallest k in [0, centre] below the threshold
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (logE(mid, n, p) < threshold) hi = mid;
            else lo = mid + 1;
        }
        long kLo = lo;
        lo = centre;
        hi = n; // largest k in [centre, n] below the threshold
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            if (logE(mid, n, p) < threshold) lo = mid;
            else hi = mid - 1;
        }
        return new long[] {kLo, lo};
    }

    /**
     * Bisection for the p0 where the log likelihood falls to {@code cut} (there M = 1/alpha), between inside (above
     * the cut) and edge.
     */
    private static double crossing(long x, long n, double cut, double edge, double inside) {
        double in = inside, out = edge;
        for (int i = 0; i < 60; i++) {
            double mid = (in + out) / 2;
            if (xLog(x, mid) + xLog(n - x, 1 - mid) > cut) in = mid;
            else out = mid;
        }
        return out;
    }

    private static double xLog(long x, double p) {
        return x == 0 ? 0 : x * Math.log(p);
    }
}
