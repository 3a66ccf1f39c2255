package dev.gantry.analysis.kayenta;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * Kayenta's outlier removal ({@code IQRDetector} with reduced sensitivity): a value is an outlier when it lies
 * beyond {@code factor} interquartile ranges outside the quartiles and also beyond the 1st or 99th percentile
 * (the fence is the wider of the two). Percentiles by linear interpolation between order statistics (R's type
 * 7, numpy's default), as Kayenta computes them.
 */
final class Outliers {
    private Outliers() {}

    /** {@code values} without their outliers, in their order. */
    static double[] remove(double[] values, double factor) {
        if (values.length == 0) return values;
        Percentile p = new Percentile().withEstimationType(EstimationType.R_7);
        p.setData(values);
        double q1 = p.evaluate(25);
        double q3 = p.evaluate(75);
        double iqr = q3 - q1;
        double lower = Math.min(p.evaluate(1), q1 - factor * iqr);
        double upper = Math.max(p.evaluate(99), q3 + factor * iqr);
        return Arrays.stream(values).filter(v -> v >= lower && v <= upper).toArray();
    }
}
