package dev.gantry.bench.canary;

import dev.gantry.analysis.sequential.SequentialSettings;
import dev.gantry.analysis.simulation.CanarySimulation;
import dev.gantry.analysis.simulation.Scenario;
import dev.gantry.analysis.simulation.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Simulated canaries judged by the sequential judge and by Kayenta's classic judge on the same streams, printed side
 * by side: false aborts of identical canaries, and how many regressed canaries are rolled back in time.
 */
public final class CanaryBenchmark {
    static final double ALPHA = 0.01;

    public static void main(String[] args) {
        int runs = 1000;
        long seed = 20261207;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = positive("--runs", args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--runs N, --seed S)");
            }
        }
        List<Scenario> scenarios = List.of(
                Scenario.identical(),
                Scenario.errorsPlus5Points(),
                Scenario.latencyP95Plus50(),
                Scenario.errorsDoubled());
        StreamChecks.verify(scenarios, seed);
        KayentaIntervals.Counter kayenta = new KayentaIntervals.Counter();
        CanarySimulation simulation =
                new CanarySimulation(SequentialSettings.of(ALPHA), () -> new KayentaIntervals(kayenta));

        System.out.printf(
                Locale.ROOT,
                "Canary judges on simulated streams: %.0f req/s canary vs %.0f req/s stable, a look "
                        + "every %d s for %d min; %d runs per scenario, run i of a scenario on seed first + i%n",
                Scenario.RPS * Scenario.WEIGHT,
                Scenario.RPS * (1 - Scenario.WEIGHT),
                Scenario.INTERVAL,
                Scenario.INTERVAL * Scenario.INTERVALS / 60,
                runs);
        System.out.println(
                "sequential: SequentialSettings.of(" + ALPHA + "); Kayenta: " + KayentaIntervals.DESCRIPTION);
        System.out.println();
        List<Summary> summaries = new ArrayList<>();
        for (int s = 0; s < scenarios.size(); s++) {
            Scenario scenario = scenarios.get(s);
            long first = seed + s * 1_000_000L;
            long start = System.nanoTime();
            Summary summary = new Summary(scenario, simulation.run(scenario, runs, first));
            summaries.add(summary);
            System.out.printf(
                    Locale.ROOT,
                    "%s: seeds %d..%d (%.1f s)%n",
                    scenario.name(),
                    first,
                    first + runs - 1,
                    (System.nanoTime() - start) / 1e9);
        }
        kayenta.verifyRan(runs * scenarios.size());
        System.out.println();
        Report.print(summaries, System.out);
        System.out.println();
        System.out.println("Kayenta results over all its interval judgements: " + kayenta);
    }

    private static int positive(String flag, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) throw new IllegalArgumentException(flag + ": must be >= 1, was " + value);
        return n;
    }

    static String seconds(double s) {
        return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.0f s", s);
    }

    static String share(long count, int of) {
        return String.format(Locale.ROOT, "%d (%.1f%%)", count, 100.0 * count / of);
    }
}
