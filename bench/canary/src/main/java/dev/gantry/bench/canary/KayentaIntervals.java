package dev.gantry.bench.canary;

import dev.gantry.analysis.kayenta.KayentaConfig;
import dev.gantry.analysis.kayenta.KayentaJudge;
import dev.gantry.analysis.simulation.IntervalJudge;
import dev.gantry.api.canary.Arm;
import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.KayentaResult;
import dev.gantry.api.canary.Series;
import dev.gantry.api.canary.Window;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Kayenta's classic judge as Spinnaker runs it: at every interval, on all intervals so far, one value per interval
 * and metric (the error rate; the p95 of the latency sample), Mann-Whitney per metric with Kayenta's default
 * tolerance and confidence, scored against Spinnaker's default thresholds. Fail ends the canary (rollback), Pass at
 * the last interval promotes it.
 */
final class KayentaIntervals implements IntervalJudge {
    static final String DESCRIPTION =
            "NetflixACAJudge-v1.0 with its defaults (tolerance 0.25, confLevel 0.98; direction"
                    + " increase, not critical), error rate and p95 per interval as two equal groups, thresholds pass 95 /"
                    + " marginal 75 (Spinnaker's), re-run at each interval on all intervals so far";
    private static final KayentaConfig CONFIG = KayentaConfig.parse("""
            {
              "name": "bench-canary",
              "judge": {"name": "NetflixACAJudge-v1.0"},
              "metrics": [
                {"name": "errors", "groups": ["errors"], "scopeName": "default",
                 "query": {"type": "prometheus", "metricName": "error_rate"},
                 "analysisConfigurations": {"canary": {"direction": "increase"}}},
                {"name": "latency", "groups": ["latency"], "scopeName": "default",
                 "query": {"type": "prometheus", "metricName": "latency_p95"},
                 "analysisConfigurations": {"canary": {"direction": "increase"}}}
              ],
              "classifier": {"groupWeights": {"errors": 50, "latency": 50}, "scoreThresholds": {"pass": 95, "marginal": 75}}
            }
            """);

    private final Counter counter;
    private final List<Double> baselineErrors = new ArrayList<>(), canaryErrors = new ArrayList<>();
    private final List<Double> baselineP95 = new ArrayList<>(), canaryP95 = new ArrayList<>();

    KayentaIntervals(Counter counter) {
        this.counter = counter;
    }

    @Override
    public Decision observe(Window window) {
        baselineErrors.add(errorRate(window.baseline()));
        canaryErrors.add(errorRate(window.canary()));
        baselineP95.add(p95(window.baseline()));
        canaryP95.add(p95(window.canary()));
        KayentaResult result = KayentaJudge.judge(
                CONFIG,
                Map.of(
                        "errors",
                        new Series(baselineErrors, canaryErrors),
                        "latency",
                        new Series(baselineP95, canaryP95)));
        counter.count(result.result());
        return switch (result.result()) {
            case KayentaResult.PASS -> Decision.PROMOTE;
            case KayentaResult.MARGINAL -> Decision.CONTINUE;
            default -> Decision.ROLLBACK;
        };
    }

    private static Double errorRate(Arm arm) {
        return arm.requests() == 0 ? null : (double) arm.errors() / arm.requests();
    }

    private static Double p95(Arm arm) {
        if (arm.latencyMs().isEmpty()) return null;
        double[] sorted =
                arm.latencyMs().stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
    }

    /** How often Kayenta's judge ran and what it answered, over all runs. */
    static final class Counter {
        private final Map<String, LongAdder> results = new ConcurrentHashMap<>();

        void count(String result) {
            results.computeIfAbsent(result, r -> new LongAdder()).increment();
        }

        /** The check that the Kayenta column is Kayenta's: it ran at least once per run, with a known result. */
        void verifyRan(int runs) {
            long calls = results.values().stream().mapToLong(LongAdder::sum).sum();
            if (calls < runs)
                throw new IllegalStateException("Kayenta's judge ran " + calls + " times for " + runs + " runs");
            for (String result : results.keySet())
                if (!List.of(KayentaResult.PASS, KayentaResult.MARGINAL, KayentaResult.FAIL)
                        .contains(result)) throw new IllegalStateException("Kayenta's judge answered " + result);
        }

        @Override
        public String toString() {
            Map<String, Long> sums = new TreeMap<>();
            results.forEach((r, n) -> sums.put(r, n.sum()));
            return sums.toString();
        }
    }
}
