package dev.gantry.analysis.kayenta;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * The two-sample Wilcoxon rank-sum (Mann-Whitney U) test as Kayenta runs it: the confidence interval and the
 * estimate of the shift canary minus baseline (Hodges-Lehmann) are found by inverting the test in its normal
 * approximation, tie-corrected and with the continuity correction, as R's {@code wilcox.test(canary, baseline,
 * conf.int = TRUE, exact = FALSE)} computes them and Kayenta's {@code MannWhitney} ports them (Kayenta keeps the
 * continuity correction for the estimate as well). The p-value is commons-math's asymptotic
 * {@link MannWhitneyUTest}, as in Kayenta.
 *
 * <p>References: J. L. Hodges and E. L. Lehmann, "Estimates of location based on rank tests", Ann. Math. Statist.
 * 34 (1963); D. F. Bauer, "Constructing confidence sets using rank statistics", JASA 67 (1972); M. Hollander and
 * D. A. Wolfe, <i>Nonparametric Statistical Methods</i>, section 4.3.
 *
 * <p>The roots are found by bisection of the (monotone, stepped) standardized statistic to 1e-12 of the range,
 * where Kayenta uses a Brent solver: both land on the same step.
 */
final class MannWhitney {
    private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

    /** The interval [lower, upper] of the shift at the confidence level, its estimate and the test's p-value. */
    record Result(double lower, double upper, double estimate, double pValue) {}

    private MannWhitney() {}

    /**
     * Tests canary against baseline. Both must be non-empty, and not all values of both may be one value.
     * When each sample is constant (two different values), the shift is exactly their difference: Kayenta adds
     * a tiny Gaussian noise there to break the ties and gets that difference within the noise; this answers it
     * without the noise.
     */
    static Result test(double[] canary, double[] baseline, double confLevel) {
        double pValue = new MannWhitneyUTest().mannWhitneyUTest(baseline, canary);
        if (constant(canary) && constant(baseline)) {
            double shift = canary[0] - baseline[0];
            return new Result(shift, shift, shift, pValue);
        }
        double[] x = canary.clone();
        double[] y = baseline.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        double muMin = x[0] - y[y.length - 1];
        double muMax = x[x.length - 1] - y[0];
        double z = NORMAL.inverseCumulativeProbability((1 - confLevel) / 2);
        double lower = root(x, y, muMin, muMax, -z);
        double upper = root(x, y, muMin, muMax, z);
        double estimate = bisect(x, y, muMin, muMax, 0);
        return new Result(lower, upper, estimate, pValue);
    }

    /** R's {@code root(zq)}: the end of the range when the statistic does not cross {@code zq} inside it. */
    private static double root(double[] x, double[] y, double muMin, double muMax, double zq) {
        if (standardized(x, y, muMin) - zq <= 0) return muMin;
        if (standardized(x, y, muMax) - zq >= 0) return muMax;
        return bisect(x, y, muMin, muMax, zq);
    }

    /** Where the standardized statistic, decreasing in the shift, crosses {@code zq}. */
    private static double bisect(double[] x, double[] y, double lo, double hi, double zq) {
        double tolerance = 1e-12 * Math.max(1, Math.max(Math.abs(lo), Math.abs(hi)));
        for (int i = 0; i < 200 && hi - lo > tolerance; i++) {
            double mid = lo + (hi - lo) / 2;
            double f = standardized(x, y, mid) - zq;
            if (f == 0) return snap(x, y, mid, tolerance);
            if (f > 0) lo = mid;
            else hi = mid;
        }
        return snap(x, y, lo + (hi - lo) / 2, tolerance);
    }

    /**
     * The statistic steps exactly at the pairwise differences x[i] - y[j]; the bisection ends within
     * {@code 1e-12} of the range of one, and this returns that difference itself, so an interval of integers reads
     * as integers. A root inside a flat stretch (the estimate, where the statistic is 0 between two steps) is
     * left as found.
     */
    private static double snap(double[] x, double[] y, double d, double tolerance) {
        double best = d;
        double distance = Double.POSITIVE_INFINITY;
        for (double xi : x) {
            int j = Math.min(firstAtLeast(y, xi - d), y.length - 1);
            for (int k = Math.max(0, j - 1); k <= j; k++) {
                double difference = xi - y[k];
                if (Math.abs(difference - d) < distance) {
                    distance = Math.abs(difference - d);
                    best = difference;
                }
            }
        }
        return distance <= 1000 * tolerance ? best : d;
    }

    /**
     * The rank-sum statistic of {@code x - shift} against {@code y} (both sorted ascending), centred,
     * continuity-corrected and divided by its tie-corrected standard deviation. Average ranks for ties.
     */
    static double standardized(double[] x, double[] y, double shift) {
        int nx = x.length;
        int ny = y.length;
        int n = nx + ny;
        double rankSumX = 0;
        double ties = 0;
        int i = 0;
        int j = 0;
        int placed = 0;
        while (i < nx || j < ny) {
            double v = i < nx && (j >= ny || x[i] - shift <= y[j]) ? x[i] - shift : y[j];
            int fromX = 0;
            int fromY = 0;
            while (i < nx && x[i] - shift == v) {
                i++;
                fromX++;
            }
            while (j < ny && y[j] == v) {
                j++;
                fromY++;
            }
            double t = fromX + fromY;
            rankSumX += fromX * (placed + (t + 1) / 2);
            ties += t * t * t - t;
            placed += (int) t;
        }
        double dz = rankSumX - nx * (nx + 1) / 2.0 - (double) nx * ny / 2.0;
        double correction = Math.signum(dz) * 0.5;
        double sigma = Math.sqrt(((double) nx * ny / 12.0) * ((n + 1) - ties / ((double) n * (n - 1))));
        if (sigma == 0) throw new IllegalStateException("cannot compute the interval when all observations are tied");
        return (dz - correction) / sigma;
    }

    /** Common-language effect size: P(canary value > baseline value), ties counting half (McGraw and Wong, 1992). */
    static double cles(double[] canary, double[] baseline) {
        double[] sorted = baseline.clone();
        Arrays.sort(sorted);
        double wins = 0;
        for (double v : canary) {
            int below = firstAtLeast(sorted, v);
            int notAbove = firstAbove(sorted, v);
            wins += below + (notAbove - below) / 2.0;
        }
        return wins / ((double) canary.length * baseline.length);
    }

    private static int firstAtLeast(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static int firstAbove(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static boolean constant(double[] values) {
        for (double v : values) if (v != values[0]) return false;
        return true;
    }
}
