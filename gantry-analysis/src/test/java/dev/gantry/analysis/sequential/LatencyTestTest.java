package dev.gantry.analysis.sequential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The quantile confidence sequences under {@link LatencyTest}. */
class LatencyTestTest {
    private static final double MEDIAN = 20, SIGMA = 0.5, TRUE_P95 = MEDIAN * Math.exp(SIGMA * 1.6448536269514722);

    @Test
    void the_p95_sequence_misses_the_true_p95_at_any_look_no_more_often_than_alpha() {
        int missed = 0;
        for (long seed = 0; seed < 100; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            LatencyHistogram samples = new LatencyHistogram();
            boolean miss = false;
            for (int look = 0; look < 30; look++) {
                samples.addAll(sample(random, 200));
                double[] bounds = LatencyTest.bounds(samples, 0.95, 0.1);
                miss |= TRUE_P95 < bounds[0] || TRUE_P95 > bounds[2];
            }
            if (miss) missed++;
        }
        assertThat(missed).isLessThanOrEqualTo(20); // at most 10 of 100 expected at worst
    }

    @Test
    void the_bounds_hold_the_estimate_and_narrow_with_samples() {
        SplittableRandom random = new SplittableRandom(3);
        LatencyHistogram samples = new LatencyHistogram();
        samples.addAll(sample(random, 500));
        double[] early = LatencyTest.bounds(samples, 0.95, 0.01);
        for (int i = 0; i < 20; i++) samples.addAll(sample(random, 1000));
        double[] late = LatencyTest.bounds(samples, 0.95, 0.01);

        assertThat(early[0]).isLessThan(early[1]);
        assertThat(early[1]).isLessThan(early[2]);
        assertThat(late[2] - late[0]).isLessThan(early[2] - early[0]);
        assertThat(late[1]).isCloseTo(TRUE_P95, org.assertj.core.api.Assertions.within(0.05 * TRUE_P95));
    }

    @Test
    void too_few_samples_leave_the_upper_bound_open() {
        LatencyHistogram samples = new LatencyHistogram();
        samples.addAll(List.of(10.0, 11.0, 12.0));
        assertThat(LatencyTest.bounds(samples, 0.95, 0.01)[2]).isInfinite();
    }

    private static List<Double> sample(SplittableRandom random, int n) {
        List<Double> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) values.add(MEDIAN * Math.exp(SIGMA * random.nextGaussian()));
        return values;
    }
}
