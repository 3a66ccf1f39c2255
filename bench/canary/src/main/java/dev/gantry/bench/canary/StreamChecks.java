package dev.gantry.bench.canary;

import dev.gantry.analysis.simulation.Scenario;
import dev.gantry.analysis.simulation.TrafficSimulator;
import dev.gantry.api.canary.Arm;
import dev.gantry.api.canary.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Before anything is reported: the streams each scenario claims are the streams it gets. Pooled over the first 20
 * runs of each scenario: the traffic split, the error rates (equal for A/A, 6% vs 1%, 2% vs 1%) and the p95 latency
 * ratio (1.5 for the slow tail, 1 elsewhere). A failed check stops the benchmark.
 */
final class StreamChecks {
    private static final int RUNS = 20;

    private StreamChecks() {}

    static void verify(List<Scenario> scenarios, long seed) {
        for (int s = 0; s < scenarios.size(); s++) {
            Scenario scenario = scenarios.get(s);
            List<Window> windows = new ArrayList<>();
            for (int i = 0; i < RUNS; i++)
                windows.addAll(new TrafficSimulator(scenario, seed + s * 1_000_000L + i).windows());
            double seconds = (double) RUNS * scenario.intervals() * scenario.intervalSeconds();
            check(
                    scenario,
                    "canary req/s",
                    total(windows, Window::canary, Arm::requests) / seconds,
                    Scenario.RPS * Scenario.WEIGHT,
                    0.02);
            check(
                    scenario,
                    "stable req/s",
                    total(windows, Window::baseline, Arm::requests) / seconds,
                    Scenario.RPS * (1 - Scenario.WEIGHT),
                    0.02);
            check(scenario, "canary error rate", rate(windows, Window::canary), scenario.canaryErrorRate(), 0.05);
            check(scenario, "stable error rate", rate(windows, Window::baseline), scenario.baselineErrorRate(), 0.05);
            double p95Ratio = p95(windows, Window::canary) / p95(windows, Window::baseline);
            double expected = scenario.canaryLatency().quantile(0.95)
                    / scenario.baselineLatency().quantile(0.95);
            check(scenario, "p95 ratio", p95Ratio, expected, 0.03);
        }
    }

    private static void check(Scenario scenario, String what, double measured, double expected, double relative) {
        if (Math.abs(measured - expected) > relative * expected)
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "%s: %s is %.4g, expected %.4g within %.0f%%",
                    scenario.name(),
                    what,
                    measured,
                    expected,
                    100 * relative));
    }

    private static long total(List<Window> windows, Function<Window, Arm> arm, Function<Arm, Long> count) {
        return windows.stream().mapToLong(w -> count.apply(arm.apply(w))).sum();
    }

    private static double rate(List<Window> windows, Function<Window, Arm> arm) {
        return (double) total(windows, arm, Arm::errors) / total(windows, arm, Arm::requests);
    }

    private static double p95(List<Window> windows, Function<Window, Arm> arm) {
        double[] all = windows.stream()
                .flatMap(w -> arm.apply(w).latencyMs().stream())
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        return all[(int) Math.ceil(0.95 * all.length) - 1];
    }
}
