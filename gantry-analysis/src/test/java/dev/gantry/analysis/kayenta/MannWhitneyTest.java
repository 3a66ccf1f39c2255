package dev.gantry.analysis.kayenta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The rank-sum interval against the textbook (Hollander and Wolfe, 4.3): without ties, inverting the normal
 * approximation with continuity correction puts the ends of the interval on the ordered pairwise differences
 * D(r) with r = ceil(mn - c) and floor(c) + 1, c = mn/2 + 1/2 + z sqrt(mn(m+n+1)/12); and CLES against the vectors
 * of Kayenta's own StatisticSuite.
 */
class MannWhitneyTest {

    @Test
    void theIntervalEndsOnThePairwiseDifferencesTheTextbookNames() {
        Random random = new Random(7);
        double[] canary = random.doubles(23).map(v -> 100 + 20 * v + 4).toArray();
        double[] baseline = random.doubles(31).map(v -> 100 + 20 * v).toArray();
        double[] d = new double[canary.length * baseline.length];
        int k = 0;
        for (double x : canary) for (double y : baseline) d[k++] = x - y;
        Arrays.sort(d);
        double mn = d.length;
        double z = 2.3263478740408408; // the 99% quantile: a 98% two-sided interval
        double c = mn / 2 + 0.5 + z * Math.sqrt(mn * (canary.length + baseline.length + 1) / 12);

        MannWhitney.Result r = MannWhitney.test(canary, baseline, 0.98);

        assertThat(r.lower()).isCloseTo(d[(int) Math.ceil(mn - c) - 1], within(1e-9));
        assertThat(r.upper()).isCloseTo(d[(int) Math.floor(c)], within(1e-9));
        double median = (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
        assertThat(r.estimate())
                .as("Hodges-Lehmann: the median pairwise difference")
                .isCloseTo(median, within(0.05));
        assertThat(r.pValue()).isBetween(0.0, 1.0);
    }

    @Test
    void aShiftedCopyOfOneToTwentyHasTheIntervalAndEstimateWorkedByHand() {
        double[] baseline = IntStream.rangeClosed(1, 20).asDoubleStream().toArray();
        double[] canary = Arrays.stream(baseline).map(v -> v + 6).toArray();

        MannWhitney.Result r = MannWhitney.test(canary, baseline, 0.98);

        // D = 6 + i - j; #{D > d} crosses c = 286.5 at d = 1 (295 above, 280 below), and 400 - 286.5 at d = 11
        assertThat(r.lower()).isCloseTo(1.0, within(1e-6));
        assertThat(r.upper()).isCloseTo(11.0, within(1e-6));
        assertThat(r.estimate()).isCloseTo(6.0, within(1e-6));
    }

    @Test
    void twoConstantSamplesShiftByExactlyTheirDifference() {
        MannWhitney.Result r = MannWhitney.test(new double[] {5, 5, 5}, new double[] {0, 0, 0, 0}, 0.98);

        assertThat(r.lower()).isEqualTo(5.0);
        assertThat(r.upper()).isEqualTo(5.0);
        assertThat(r.estimate()).isEqualTo(5.0);
    }

    @Test
    void clesMatchesKayentasStatisticSuite() {
        double[] same = {1, 2, 3, 4, 5};
        assertThat(MannWhitney.cles(same, same)).isEqualTo(0.5);

        double[] lowExperiment = {
            22.58442682, 18.83161858, 22.34282944, 18.52177725, 19.41399147, 21.77120485, 24.33796385, 22.16390531,
            23.781802, 21.38514296, 22.2205035, 22.06152361, 21.30313392, 21.59652134, 22.38394223, 24.68882792,
            20.58916439, 21.03137302, 22.26213957, 23.76485986, 20.56271226, 24.56567102, 19.86055958, 22.18967677,
            20.31475409, 19.2634656, 24.60283585, 20.41729998, 20.62069798, 22.53448767
        };
        double[] lowControl = {
            23.15322873, 22.09179077, 26.56410603, 23.0971542, 24.26372276, 25.6461273, 29.42730472, 22.08630097,
            29.15257054, 25.8096766, 24.62191338, 23.67398895, 23.63946085, 26.44684325, 25.76230914, 25.41279862,
            22.64005862, 24.58898152, 25.01968457, 25.03695883, 23.79864705, 26.60180151, 25.99405034, 22.46726084,
            28.31843786, 24.30152484, 22.83713467, 21.92380184, 23.44735223, 29.15676219
        };
        assertThat(MannWhitney.cles(lowExperiment, lowControl)).isCloseTo(0.12, within(1e-12));
        double[] apart = {2.27776335, 2.61149434, 3.26894105, 2.91672701, 1.40656921};
        double[] far = {25.31531073, 25.19450817, 24.6288846, 24.37991861, 26.40999244};
        assertThat(MannWhitney.cles(apart, far)).isEqualTo(0.0);
    }
}
