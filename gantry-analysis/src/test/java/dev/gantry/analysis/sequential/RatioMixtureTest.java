package dev.gantry.analysis.sequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RatioMixtureTest {

    @Test
    void with_one_split_throughout_the_grid_gives_lindon_and_maleks_closed_form() {
        double share = 0.1;
        RatioMixture mixture = new RatioMixture();
        long x = 0, n = 0;
        long[][] windows = {{5, 50}, {9, 41}, {3, 48}, {12, 60}};
        for (long[] w : windows) {
            mixture.add(share, w[0], w[1]);
            x += w[0];
            n += w[1];
        }
        BetaBinomialMixture closedForm = BetaBinomialMixture.centredOn(share, RatioMixture.PRIOR_WEIGHT);
        for (double r0 : new double[] {0.5, 1, 1.1, 2, 4}) {
            double p0 = share * r0 / (share * r0 + 1 - share);
            assertThat(mixture.logE(r0)).as("r0 = " + r0).isCloseTo(closedForm.logE(x, n, p0), within(1e-6));
        }
    }

    @Test
    void the_one_sided_tests_point_the_right_way_and_the_bounds_hold_the_estimate() {
        RatioMixture worse = new RatioMixture();
        for (int i = 0; i < 10; i++) worse.add(0.1, 12, 57); // canary share of errors 0.21 at a 0.1 split: r ~ 2.4
        assertThat(worse.logEAbove(1.1)).isGreaterThan(Math.log(400));
        assertThat(worse.logEBelow(1.1)).isLessThan(0);
        double[] bounds = worse.bounds(0.0025);
        assertThat(bounds[0]).isBetween(1.5, 2.4);
        assertThat(bounds[1]).isBetween(2.4, 4.0);
    }

    @Test
    void no_errors_at_all_is_no_evidence_either_way() {
        RatioMixture none = new RatioMixture();
        none.add(0.1, 0, 0);
        assertThat(none.logE(1)).isZero();
        assertThat(none.bounds(0.01)).containsExactly(0, Double.POSITIVE_INFINITY);
    }

    @Test
    void every_error_on_the_canary_leaves_the_upper_bound_open_and_nothing_undefined() {
        RatioMixture all = new RatioMixture();
        for (int i = 0; i < 5; i++) all.add(0.1, 4, 4);
        double[] bounds = all.bounds(0.0025);
        assertThat(bounds[0]).isGreaterThan(1.1).isFinite();
        assertThat(bounds[1]).isInfinite();
        assertThat(all.logEAbove(1.1)).isGreaterThan(Math.log(400)).isFinite();
    }
}
