package dev.gantry.server.releases;

import dev.gantry.analysis.kayenta.KayentaConfig;
import dev.gantry.analysis.kayenta.KayentaJudge;
import dev.gantry.api.Strategy;
import dev.gantry.api.canary.Arm;
import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.KayentaMetricResult;
import dev.gantry.api.canary.KayentaResult;
import dev.gantry.api.canary.MetricVerdict;
import dev.gantry.api.canary.Series;
import dev.gantry.api.canary.Verdict;
import dev.gantry.api.canary.Window;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code analysis.judge: kayenta} for a live canary: Kayenta's classic judge re-run at every interval over the
 * per-interval values so far (error rate, p95 latency, CPU, memory of each arm), as Spinnaker runs it. A score at
 * or above {@code analysis.pass} is PROMOTE, below {@code analysis.marginal} ROLLBACK, between them CONTINUE;
 * fewer than {@link #MIN_WINDOWS} intervals is CONTINUE (on five intervals a canary failing 6% of its requests still scored 100: the rank test has no power on so few points). Unlike the sequential judge, re-testing at every look
 * inflates its false alarms (see bench/canary); it is here for teams that want Kayenta's semantics.
 */
final class KayentaLiveJudge implements CanaryInputs.Judge {
    static final int MIN_WINDOWS = 10;
    private static final String CONFIG = """
            {
              "name": "gantry-live",
              "judge": {"name": "NetflixACAJudge-v1.0", "judgeConfigurations": {}},
              "metrics": [
                {"name": "error_rate", "query": {"type": "gantry"}, "groups": ["errors"],
                 "analysisConfigurations": {"canary": {"direction": "increase", "critical": true,
                   "nanStrategy": "remove"}}, "scopeName": "default"},
                {"name": "latency_p95", "query": {"type": "gantry"}, "groups": ["latency"],
                 "analysisConfigurations": {"canary": {"direction": "increase",
                   "effectSize": {"allowedIncrease": 1.1}}}, "scopeName": "default"},
                {"name": "cpu", "query": {"type": "gantry"}, "groups": ["resources"],
                 "analysisConfigurations": {"canary": {"direction": "increase",
                   "effectSize": {"allowedIncrease": 1.2}}}, "scopeName": "default"},
                {"name": "memory", "query": {"type": "gantry"}, "groups": ["resources"],
                 "analysisConfigurations": {"canary": {"direction": "increase",
                   "effectSize": {"allowedIncrease": 1.2}}}, "scopeName": "default"}
              ],
              "classifier": {"groupWeights": {"errors": 50, "latency": 30, "resources": 20},
                             "scoreThresholds": {"pass": %s, "marginal": %s}}
            }
            """;

    private final KayentaConfig config;
    private final Strategy.Analysis analysis;
    private final Map<String, List<Double>> control = new LinkedHashMap<>();
    private final Map<String, List<Double>> experiment = new LinkedHashMap<>();
    private int windows;

    KayentaLiveJudge(Strategy.Analysis analysis) {
        this.analysis = analysis;
        this.config = KayentaConfig.parse(CONFIG.formatted(analysis.pass(), analysis.marginal()));
        for (String m : List.of("error_rate", "latency_p95", "cpu", "memory")) {
            control.put(m, new ArrayList<>());
            experiment.put(m, new ArrayList<>());
        }
    }

    @Override
    public Verdict observe(Window window) {
        add(control, window.baseline());
        add(experiment, window.canary());
        windows++;
        if (windows < MIN_WINDOWS)
            return new Verdict(
                    Decision.CONTINUE,
                    "kayenta: " + windows + " of " + MIN_WINDOWS + " intervals before a score",
                    List.of());
        Map<String, Series> series = new LinkedHashMap<>();
        control.forEach((m, values) -> series.put(m, new Series(values, experiment.get(m))));
        KayentaResult result = KayentaJudge.judge(config, series);
        Decision d = result.score() >= analysis.pass()
                ? Decision.PROMOTE
                : result.score() < analysis.marginal() ? Decision.ROLLBACK : Decision.CONTINUE;
        List<MetricVerdict> metrics =
                result.metrics().stream().map(KayentaLiveJudge::metric).toList();
        return new Verdict(
                d,
                "kayenta score " + result.score() + " (" + result.result() + "; pass " + analysis.pass() + ", marginal "
                        + analysis.marginal() + ") over " + windows + " intervals: " + result.reason(),
                metrics);
    }

    private static MetricVerdict metric(KayentaMetricResult m) {
        Decision d = switch (m.classification()) {
            case KayentaMetricResult.PASS -> Decision.PROMOTE;
            case KayentaMetricResult.HIGH, KayentaMetricResult.LOW, KayentaMetricResult.NODATA_FAIL_METRIC ->
                Decision.ROLLBACK;
            default -> Decision.CONTINUE;
        };
        return new MetricVerdict(m.name(), d, m.classification() + ": " + m.reason(), m.numbers());
    }

    private static void add(Map<String, List<Double>> to, Arm arm) {
        to.get("error_rate").add(arm.requests() == 0 ? null : (double) arm.errors() / arm.requests());
        to.get("latency_p95").add(p95(arm.latencyMs()));
        to.get("cpu").add(arm.cpuPercent());
        to.get("memory").add(arm.memoryBytes());
    }

    private static Double p95(List<Double> sample) {
        if (sample.isEmpty()) return null;
        double[] sorted = sample.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.95 * sorted.length) - 1)];
    }
}
