package dev.gantry.analysis.kayenta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Kayenta's IQRDetector with reduced sensitivity, worked by hand for 1..20 plus one more value (21 values,
 * type-7 percentiles): Q1 = 6, Q3 = 16, IQR = 10, so with factor 3 the IQR fences are -24 and 46; the 1st and
 * 99th percentiles widen them when they lie further out.
 */
class OutliersTest {
    private static double[] oneToTwentyAnd(double extra) {
        return DoubleStream.concat(IntStream.rangeClosed(1, 20).asDoubleStream(), DoubleStream.of(extra))
                .toArray();
    }

    @Test
    void aValueBeyondBothTheIqrFenceAndThe99thPercentileIsRemoved() {
        // p99 = 20 + 0.8 (1000 - 20) = 804 < 1000
        assertThat(Outliers.remove(oneToTwentyAnd(1000), 3.0)).hasSize(20).doesNotContain(1000.0);
    }

    @Test
    void aValueJustBeyondTheIqrFenceIsRemovedWhenThe99thPercentileIsInside() {
        // p99 = 20 + 0.8 (50 - 20) = 44, the IQR fence 46 is wider: 50 is out
        assertThat(Outliers.remove(oneToTwentyAnd(50), 3.0)).hasSize(20);
        assertThat(Outliers.remove(oneToTwentyAnd(45), 3.0)).hasSize(21);
    }

    @Test
    void aSmallerFactorFencesCloser() {
        // factor 1: fence 16 + 10 = 26. 30: p99 = 28, out; 27: p99 = 25.6, fence 26, out; 25: p99 = 24, stays
        assertThat(Outliers.remove(oneToTwentyAnd(30), 1.0)).hasSize(20);
        assertThat(Outliers.remove(oneToTwentyAnd(27), 1.0)).hasSize(20);
        assertThat(Outliers.remove(oneToTwentyAnd(25), 1.0)).hasSize(21);
    }
}
