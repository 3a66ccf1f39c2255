package dev.gantry.analysis.kayenta;

import static dev.gantry.analysis.kayenta.Configs.oneToTwenty;
import static dev.gantry.analysis.kayenta.Configs.plus;
import static dev.gantry.analysis.kayenta.Configs.series;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.canary.KayentaGroupScore;
import dev.gantry.api.canary.KayentaResult;
import dev.gantry.api.canary.Series;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kayenta's WeightedSumScorer and ThresholdScoreClassifier over whole runs: group score = passes / classified
 * metrics x 100, summary = sum of group score x weight / 100, Pass / Marginal / Fail against the thresholds.
 */
class GroupScorerTest {
    private static final Series SAME = series(oneToTwenty(), oneToTwenty());
    private static final Series HIGH = series(oneToTwenty(), plus(oneToTwenty(), 10));
    private static final Series EMPTY = series(List.of(), oneToTwenty());

    private static KayentaResult run(String weights, String thresholds, Map<String, Series> series) {
        return KayentaJudge.judge(KayentaConfig.parse("""
                        {"metrics":[{"name":"p50","groups":["Latency"]},{"name":"p99","groups":["Latency"]},
                                    {"name":"errors","groups":["Errors"]},{"name":"cpu","groups":["System"]}],
                         "classifier":{"groupWeights":%s,"scoreThresholds":%s}}""".formatted(weights, thresholds)), series);
    }

    @Test
    void groupsScoreTheirPassesAndTheSummaryWeighsThem() {
        // Latency 1 of 2 passed = 50; Errors 100; System 100; weights 60/20/20 -> 30 + 20 + 20 = 70
        KayentaResult r = run(
                "{\"Latency\":60,\"Errors\":20,\"System\":20}",
                "{\"pass\":95,\"marginal\":70}",
                Map.of("p50", SAME, "p99", HIGH, "errors", SAME, "cpu", SAME));

        assertThat(r.groupScores())
                .containsExactly(
                        new KayentaGroupScore("Latency", 50, 60, false),
                        new KayentaGroupScore("Errors", 100, 20, false),
                        new KayentaGroupScore("System", 100, 20, false));
        assertThat(r.score()).isEqualTo(70.0);
        assertThat(r.result()).as("70 >= marginal 70").isEqualTo("Marginal");
        assertThat(r.reason()).isEqualTo("score 70 < pass 95, >= marginal 70; p99 High");
    }

    @Test
    void groupsWithoutAWeightShareWhatTheListedWeightsLeave() {
        // Latency 50 x 0.5, Errors and System (25 each) 100 -> 25 + 25 + 25 = 75
        KayentaResult r = run(
                "{\"Latency\":50}",
                "{\"pass\":75,\"marginal\":50}",
                Map.of("p50", SAME, "p99", HIGH, "errors", SAME, "cpu", SAME));

        assertThat(r.groupScores()).extracting(KayentaGroupScore::weight).containsExactly(50.0, 25.0, 25.0);
        assertThat(r.score()).isEqualTo(75.0);
        assertThat(r.result()).isEqualTo("Pass");
    }

    @Test
    void aGroupWhoseMetricsAllHadNoDataCountsAsAFullScore() {
        // Kayenta: Nodata metrics are left out of their group; a group with none left enters the summary as 100
        KayentaResult r = run(
                "{\"Latency\":40,\"Errors\":30,\"System\":30}",
                "{\"pass\":95,\"marginal\":75}",
                Map.of("p50", SAME, "p99", HIGH, "errors", EMPTY, "cpu", SAME));

        assertThat(r.groupScores().get(1)).isEqualTo(new KayentaGroupScore("Errors", 0, 30, true));
        assertThat(r.score()).isEqualTo(20 + 30 + 30.0);
        assertThat(r.result()).isEqualTo("Marginal");
    }

    @Test
    void halfTheMetricsWithoutDataFailsTheRun() {
        KayentaResult r = run(
                "{}", "{\"pass\":10,\"marginal\":5}", Map.of("p50", SAME, "p99", EMPTY, "errors", EMPTY, "cpu", SAME));

        assertThat(r.score()).isEqualTo(0.0);
        assertThat(r.result()).isEqualTo("Fail");
        assertThat(r.reason()).isEqualTo("Canary Failed: 2 of 4 metrics returned NODATA (50% or more)");
    }

    @Test
    void theSummaryIsRoundedToTwoDecimals() {
        // three equal groups by default share: Latency 50, Errors 100, System 100 -> 83.333... -> 83.33
        KayentaResult r = run(
                "{}",
                "{\"pass\":83.33,\"marginal\":50}",
                Map.of("p50", SAME, "p99", HIGH, "errors", SAME, "cpu", SAME));

        assertThat(r.score()).isEqualTo(83.33);
        assertThat(r.result()).isEqualTo("Pass");
    }
}
