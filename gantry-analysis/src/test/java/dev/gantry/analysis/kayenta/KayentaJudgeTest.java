package dev.gantry.analysis.kayenta;

import static dev.gantry.analysis.kayenta.Configs.of;
import static dev.gantry.analysis.kayenta.Configs.oneMetric;
import static dev.gantry.analysis.kayenta.Configs.oneToTwenty;
import static dev.gantry.analysis.kayenta.Configs.plus;
import static dev.gantry.analysis.kayenta.Configs.series;
import static dev.gantry.analysis.kayenta.Configs.times;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gantry.api.canary.KayentaMetricResult;
import dev.gantry.api.canary.KayentaResult;
import dev.gantry.api.canary.Series;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One metric at a time, Kayenta's classifications (NetflixACAJudge-v1.0 with MannWhitneyClassifier, tolerance
 * 0.25, confidence 0.98). The shifted series are 1..20 and 1..20 + delta: the 98% interval of the shift is
 * [delta - 5, delta + 5] and its estimate delta (worked by hand in MannWhitneyTest), so the tolerance band is
 * +-delta/4 and the canary is High exactly when delta - 5 > delta/4, that is for delta > 6.67.
 */
class KayentaJudgeTest {
    private static final List<Double> BASE = oneToTwenty();

    private static KayentaMetricResult classify(String canary, Series s) {
        return KayentaJudge.judge(oneMetric(canary), Map.of("m", s)).metrics().get(0);
    }

    @ParameterizedTest(name = "direction {0}, shift {1}: {2}")
    @CsvSource({
        "either, 10, High",
        "either, -10, Low",
        "either, 6, Pass",
        "either, -6, Pass",
        "increase, 10, High",
        "increase, -10, Pass",
        "decrease, 10, Pass",
        "decrease, -10, Low",
    })
    void theDirectionSaysWhichWayFails(String direction, double shift, String expected) {
        // Kayenta: High needs direction increase or either; Low needs decrease or either. The series stay positive
        // (mean ratio 2.0 or, for -10 on 11..30, 0.51) so the default effect-size gate (1.0) never blocks
        List<Double> base = shift < 0 ? plus(BASE, 10) : BASE;
        KayentaMetricResult r =
                classify("{\"direction\":\"%s\"}".formatted(direction), series(base, plus(base, shift)));

        assertThat(r.classification()).as(r.reason()).isEqualTo(expected);
    }

    @Test
    void identicalDataPassesWithoutATest() {
        KayentaMetricResult r = classify("{}", series(BASE, BASE.reversed()));

        assertThat(r.classification()).isEqualTo("Pass");
        assertThat(r.reason()).contains("identical");
        assertThat(r.numbers()).doesNotContainKey("pValue");
    }

    @Test
    void theNumbersBehindAHighAreReported() {
        KayentaMetricResult r = classify("{}", series(BASE, plus(BASE, 10)));

        assertThat(r.numbers().get("ciLower")).isCloseTo(5.0, within(1e-6));
        assertThat(r.numbers().get("ciUpper")).isCloseTo(15.0, within(1e-6));
        assertThat(r.numbers().get("estimate")).isCloseTo(10.0, within(1e-6));
        assertThat(r.numbers().get("toleranceBound")).isCloseTo(2.5, within(1e-6));
        assertThat(r.numbers().get("effectSize")).isCloseTo(20.5 / 10.5, within(1e-12));
        assertThat(r.numbers()).containsEntry("controlMean", 10.5).containsEntry("experimentCount", 20.0);
        assertThat(r.numbers().get("pValue")).isLessThan(0.01);
        assertThat(r.reason()).startsWith("m was classified as High");
    }

    @Test
    void noDataOnEitherSideIsNodataAndMustHaveDataMakesItAFailure() {
        // Kayenta: empty after NaN removal -> Nodata; mustHaveData (not critical) -> NodataFailMetric
        assertThat(classify("{}", series(BASE, List.of())).classification()).isEqualTo("Nodata");
        assertThat(classify("{\"mustHaveData\":true}", series(List.of(), BASE)).classification())
                .isEqualTo("NodataFailMetric");
        KayentaResult run = KayentaJudge.judge(oneMetric("{\"mustHaveData\":true}"), Map.of("m", series(BASE, of())));
        assertThat(run.score()).as("NodataFailMetric counts against its group").isEqualTo(0.0);
        assertThat(run.result()).isEqualTo("Fail");
    }

    @Test
    void aMetricMissingFromTheSeriesHasNoData() {
        KayentaResult run = KayentaJudge.judge(oneMetric("{}"), Map.of());

        assertThat(run.metrics().get(0).classification()).isEqualTo("Nodata");
        assertThat(run.metrics().get(0).reason()).isEqualTo("no series was given for m");
        assertThat(run.reason()).contains("NODATA");
    }

    @Test
    void removedMissingValuesLeaveNoDataWhereReplacedOnesAreZeros() {
        Series nulls = series(times(20, null), BASE);
        // Kayenta nanStrategy remove: NaNs dropped -> no baseline data; replace: NaN -> 0, and 1..20 against
        // twenty zeros is High (interval >= 1 > 0.25 x 10.5; baseline mean 0 makes the mean ratio 1.0 >= 1.0)
        KayentaMetricResult removed = classify("{\"nanStrategy\":\"remove\"}", nulls);
        KayentaMetricResult replaced = classify("{\"nanStrategy\":\"replace\"}", nulls);

        assertThat(removed.classification()).isEqualTo("Nodata");
        assertThat(removed.numbers()).containsEntry("controlRemoved", 20.0).containsEntry("controlCount", 0.0);
        assertThat(replaced.classification()).isEqualTo("High");
        assertThat(replaced.numbers()).containsEntry("effectSize", 1.0);
    }

    @Test
    void replacedMissingValuesPassWhenNeitherSideHasAnyValue() {
        // Kayenta: with nanStrategy replace, no data at all is a Pass (the arrays would hold zeros)
        assertThat(classify("{\"nanStrategy\":\"replace\"}", series(of(), of())).classification())
                .isEqualTo("Pass");
    }

    @Test
    void removingOutliersTakesOutTheOneWildValue() {
        // IQR fence with reduced sensitivity (OutliersTest): 1000 among 1..20 is an outlier at factor 3
        List<Double> wild = new java.util.ArrayList<>(BASE);
        wild.add(1000.0);
        KayentaMetricResult kept = classify("{}", series(BASE, wild));
        KayentaMetricResult removed =
                classify("{\"outliers\":{\"strategy\":\"remove\",\"outlierFactor\":3.0}}", series(BASE, wild));

        assertThat(kept.numbers()).containsEntry("experimentCount", 21.0);
        assertThat(removed.numbers()).containsEntry("experimentCount", 20.0).containsEntry("experimentRemoved", 1.0);
        assertThat(removed.reason()).contains("identical");
    }

    @Test
    void theMeanRatioGateKeepsASignificantButSmallIncreaseAPass() {
        // 100..119 vs +10: mean ratio 119.5 / 109.5 = 1.0913; the interval [5, 15] is above 2.5
        Series s = series(plus(BASE, 99), plus(BASE, 109));

        assertThat(classify("{\"effectSize\":{\"allowedIncrease\":1.1}}", s).classification())
                .isEqualTo("Pass");
        assertThat(classify("{\"effectSize\":{\"allowedIncrease\":1.05}}", s).classification())
                .isEqualTo("High");
        assertThat(classify("{\"effectSize\":{\"allowedDecrease\":0.95}}", series(plus(BASE, 109), plus(BASE, 99)))
                        .classification())
                .as("109.5 / 119.5 = 0.916 <= 0.95")
                .isEqualTo("Low");
    }

    @Test
    void theClesGateMeasuresTheShareOfPairsTheCanaryWins() {
        // +10 on 1..20: 345 of 400 pairs won, 10 tied -> CLES 0.875; the default cles gate is 0.5
        Series s = series(BASE, plus(BASE, 10));

        KayentaMetricResult byDefault = classify("{\"effectSize\":{\"measure\":\"cles\"}}", s);
        assertThat(byDefault.classification()).isEqualTo("High");
        assertThat(byDefault.numbers()).containsEntry("effectSize", 0.875);
        assertThat(classify("{\"effectSize\":{\"measure\":\"cles\",\"allowedIncrease\":0.9}}", s)
                        .classification())
                .isEqualTo("Pass");
    }

    @Test
    void aCriticalMetricThatFailsFailsTheRunWithScoreZero() {
        KayentaResult run =
                KayentaJudge.judge(oneMetric("{\"critical\":true}"), Map.of("m", series(BASE, plus(BASE, 10))));

        assertThat(run.score()).isEqualTo(0.0);
        assertThat(run.result()).isEqualTo("Fail");
        assertThat(run.reason()).startsWith("Canary Failed: critical metric m was classified as High (Critical)");
        assertThat(run.metrics().get(0).critical()).isTrue();
    }

    @Test
    void aCriticalMetricBelowItsCriticalIncreaseOnlyCountsInItsGroup() {
        // Kayenta: critical failure only when the effect reaches criticalIncrease (ratio 1.95 < 2.5)
        String canary = "{\"critical\":true,\"effectSize\":{\"criticalIncrease\":2.5}}";
        KayentaResult run = KayentaJudge.judge(oneMetric(canary), Map.of("m", series(BASE, plus(BASE, 10))));

        assertThat(run.metrics().get(0).classification()).isEqualTo("High");
        assertThat(run.reason()).doesNotContain("Critical").startsWith("score 0 < marginal 75");
    }

    @Test
    void aCriticalMetricWithoutDataFailsTheRun() {
        KayentaResult run = KayentaJudge.judge(oneMetric("{\"critical\":true}"), Map.of("m", series(BASE, of())));

        assertThat(run.result()).isEqualTo("Fail");
        assertThat(run.reason()).startsWith("Canary Failed: critical metric");
    }

    @Test
    void aSeriesForAMetricTheConfigDoesNotNameIsRefused() {
        assertThatThrownBy(() -> KayentaJudge.judge(oneMetric("{}"), Map.of("latency", series(BASE, BASE))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("series.latency: metric not in config");
    }

    @Test
    void theJudgeConfigurationsSetToleranceAndConfidence() {
        // shift 6: interval [1, 11], band +-1.5 -> Pass at Kayenta's defaults; tolerance 0.1 (band 0.6) -> High;
        // confidence 0.5 narrows the interval to [5, 7] -> High
        Series s = series(BASE, plus(BASE, 6));
        String config = """
            {"judge":{"name":"NetflixACAJudge-v1.0","judgeConfigurations":%s},
             "metrics":[{"name":"m","groups":["g"],"query":{"type":"datadog"}}]}""";

        assertThat(judgeOne(config.formatted("{}"), s)).isEqualTo("Pass");
        assertThat(judgeOne(config.formatted("{\"tolerance\":0.1}"), s)).isEqualTo("High");
        assertThat(judgeOne(config.formatted("{\"confLevel\":0.5}"), s)).isEqualTo("High");
    }

    private static String judgeOne(String config, Series s) {
        return KayentaJudge.judge(KayentaConfig.parse(config), Map.of("m", s))
                .metrics()
                .get(0)
                .classification();
    }
}
