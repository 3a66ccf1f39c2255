package dev.gantry.analysis.sequential;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BetaBinomialMixtureTest {
    private final BetaBinomialMixture jeffreys = new BetaBinomialMixture(0.5, 0.5);

    @Test
    void the_bounds_hold_the_estimate_and_narrow_with_data() {
        double[] small = jeffreys.bounds(10, 1_000, 0.01), large = jeffreys.bounds(100, 10_000, 0.01);
        assertThat(small[0]).isLessThan(0.01);
        assertThat(small[1]).isGreaterThan(0.01);
        assertThat(large[1] - large[0]).isLessThan(small[1] - small[0]);
    }

    @Test
    void no_successes_give_a_zero_lower_bound_and_a_small_upper_one() {
        double[] bounds = jeffreys.bounds(0, 5_000, 0.00125);
        assertThat(bounds[0]).isZero();
        assertThat(bounds[1]).isBetween(0.0005, 0.004);
    }

    @Test
    void plausible_counts_surround_n_p() {
        long[] counts = BetaBinomialMixture.centredOn(0.95, 300).plausibleCounts(2_000, 0.95, 0.000625);
        assertThat(counts[0]).isLessThan(1_900).isGreaterThan(1_800);
        assertThat(counts[1]).isGreaterThan(1_900).isLessThanOrEqualTo(2_000);
    }
}
