package dev.gantry.analysis.kayenta;

import dev.gantry.api.canary.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Kayenta canary configurations and series for the tests, written as Kayenta's own JSON. */
final class Configs {
    private Configs() {}

    /** One metric {@code m} in group {@code g}, its {@code analysisConfigurations.canary} block given as JSON. */
    static KayentaConfig oneMetric(String canary) {
        return KayentaConfig.parse("""
                {"name":"test","judge":{"name":"NetflixACAJudge-v1.0","judgeConfigurations":{}},
                 "metrics":[{"name":"m","query":{"type":"prometheus","metricName":"x"},"groups":["g"],
                             "analysisConfigurations":{"canary":%s},"scopeName":"default"}],
                 "classifier":{"groupWeights":{"g":100},"scoreThresholds":{"pass":95,"marginal":75}}}""".formatted(canary));
    }

    /** 1..20 */
    static List<Double> oneToTwenty() {
        return IntStream.rangeClosed(1, 20).mapToObj(i -> (double) i).toList();
    }

    static List<Double> plus(List<Double> values, double delta) {
        return values.stream().map(v -> v + delta).toList();
    }

    static List<Double> times(int n, Double value) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(value);
        return out;
    }

    static List<Double> of(Double... values) {
        return Arrays.asList(values);
    }

    static Series series(List<Double> control, List<Double> experiment) {
        return new Series(control, experiment);
    }
}
