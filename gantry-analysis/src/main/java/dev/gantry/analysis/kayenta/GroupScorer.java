package dev.gantry.analysis.kayenta;

import static dev.gantry.api.canary.KayentaMetricResult.HIGH;
import static dev.gantry.api.canary.KayentaMetricResult.LOW;
import static dev.gantry.api.canary.KayentaMetricResult.NODATA_FAIL_METRIC;
import static dev.gantry.api.canary.KayentaMetricResult.PASS;

import dev.gantry.api.canary.KayentaGroupScore;
import dev.gantry.api.canary.KayentaMetricResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kayenta's {@code WeightedSumScorer}: each group scores the share of its metrics classified Pass among those
 * classified Pass, High, Low or NodataFailMetric (Nodata and Error metrics do not count); a group where none
 * counts has no data and enters the summary as 100. The summary is the sum of group scores times their weights
 * in percent: a group without a weight in {@code groupWeights} gets an equal share of what the listed weights
 * leave of 100. Rounded to 2 decimals (half up).
 */
final class GroupScorer {
    private GroupScorer() {}

    static List<KayentaGroupScore> groups(List<KayentaMetricResult> metrics, Map<String, Double> weights) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (KayentaMetricResult m : metrics) {
            for (String group : m.groups()) {
                int[] c = counts.computeIfAbsent(group, g -> new int[2]);
                switch (m.classification()) {
                    case PASS -> {
                        c[0]++;
                        c[1]++;
                    }
                    case HIGH, LOW, NODATA_FAIL_METRIC -> c[1]++;
                    default -> {}
                }
            }
        }
        double listed =
                weights.values().stream().mapToDouble(Double::doubleValue).sum();
        long unweighted =
                counts.keySet().stream().filter(g -> !weights.containsKey(g)).count();
        double share = unweighted == 0 ? 0 : (100 - listed) / unweighted;
        List<KayentaGroupScore> out = new ArrayList<>();
        counts.forEach((group, c) -> out.add(new KayentaGroupScore(
                group, c[1] == 0 ? 0 : 100.0 * c[0] / c[1], weights.getOrDefault(group, share), c[1] == 0)));
        return out;
    }

    static double summary(List<KayentaGroupScore> groups) {
        double sum = 0;
        for (KayentaGroupScore g : groups) sum += (g.noData() ? 100 : g.score()) * g.weight() / 100;
        return BigDecimal.valueOf(sum).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
