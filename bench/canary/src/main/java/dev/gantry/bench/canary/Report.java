package dev.gantry.bench.canary;

import static dev.gantry.bench.canary.CanaryBenchmark.seconds;
import static dev.gantry.bench.canary.CanaryBenchmark.share;

import dev.gantry.analysis.simulation.Summary;
import dev.gantry.api.canary.Decision;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The side-by-side table: per scenario, what each judge decided and when. */
final class Report {
    private static final String ROW = "  %-46s %-8s %-22s %-22s%n";

    private Report() {}

    static void print(List<Summary> summaries, PrintStream out) {
        out.printf(Locale.ROOT, ROW, "", "target", "sequential", "Kayenta");
        for (Summary s : summaries) {
            int runs = s.runs().size();
            out.printf(Locale.ROOT, "%s (%d runs)%n", s.scenario().name(), runs);
            if (s.scenario().expected() == Decision.PROMOTE) {
                out.printf(
                        Locale.ROOT,
                        ROW,
                        "false aborts (rolled back)",
                        "<= 1%",
                        share(s.sequential(Decision.ROLLBACK), runs),
                        share(s.classic(Decision.ROLLBACK), runs));
                out.printf(
                        Locale.ROOT,
                        ROW,
                        "  median time to a false abort",
                        "",
                        seconds(s.sequentialMedianSeconds(Decision.ROLLBACK)),
                        seconds(s.classicMedianSeconds(Decision.ROLLBACK)));
                out.printf(
                        Locale.ROOT,
                        ROW,
                        "  false aborts in the first minute",
                        "",
                        "-",
                        share(s.classicRollbackBy(60), runs));
                out.printf(
                        Locale.ROOT,
                        ROW,
                        "rollback evidence at any of the " + s.scenario().intervals() + " looks",
                        "<= 1%",
                        share(s.sequentialAnyRollback(), runs),
                        "(same: judged at every look)");
                out.printf(
                        Locale.ROOT,
                        ROW,
                        "promoted",
                        "",
                        share(s.sequential(Decision.PROMOTE), runs),
                        share(s.classic(Decision.PROMOTE), runs));
                out.printf(
                        Locale.ROOT,
                        ROW,
                        "median time to promote",
                        "",
                        seconds(s.sequentialMedianSeconds()),
                        seconds(s.classicMedianSeconds()));
                out.printf(
                        Locale.ROOT,
                        ROW,
                        "undecided after " + minutes(s),
                        "",
                        share(s.sequential(Decision.CONTINUE), runs),
                        "-");
            } else {
                out.printf(
                        Locale.ROOT,
                        ROW,
                        "rolled back within " + s.scenario().deadlineSeconds() + " s",
                        ">= 95%",
                        share(s.sequentialInTime(), runs),
                        share(s.classicInTime(), runs));
                out.printf(
                        Locale.ROOT,
                        ROW,
                        "rolled back within " + minutes(s),
                        "",
                        share(s.sequential(Decision.ROLLBACK), runs),
                        share(s.classic(Decision.ROLLBACK), runs));
                out.printf(
                        Locale.ROOT,
                        ROW,
                        "median time to rollback",
                        "",
                        seconds(s.sequentialMedianSeconds()),
                        seconds(s.classicMedianSeconds()));
                out.printf(
                        Locale.ROOT,
                        ROW,
                        "promoted (a regression let through)",
                        "",
                        share(s.sequential(Decision.PROMOTE), runs),
                        share(s.classic(Decision.PROMOTE), runs));
            }
        }
    }

    private static String minutes(Summary s) {
        return s.scenario().intervals() * s.scenario().intervalSeconds() / 60 + " min";
    }
}
