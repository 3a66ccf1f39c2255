package dev.gantry.cli;

import dev.gantry.api.canary.CanaryStatus;
import dev.gantry.api.canary.MetricVerdict;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "status",
        description = "APP's running canary: its step, the weights, the judge's latest verdict and each metric's"
                + " evidence; or how its latest canary ended.")
final class CanaryStatusCommand implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Mixin
    OutputFormat output;

    @Parameters(index = "0", description = "app")
    String app;

    @Override
    public Integer call() throws Exception {
        CanaryStatus s = api.client().get("/api/v1/apps/" + app + "/canary", CanaryStatus.class);
        output.print(s, out -> print(s, out));
        return 0;
    }

    private static void print(CanaryStatus s, PrintWriter out) {
        out.println("canary of " + s.app() + ": release " + s.canaryRelease() + " against stable release "
                + s.stableRelease() + " (deployment " + s.deployment() + ")");
        out.println(
                "state:   " + s.state() + (s.message() == null || s.message().isEmpty() ? "" : ", " + s.message()));
        String step = s.step() == 0
                ? "starting its instances"
                : s.step() > s.steps()
                        ? "promoted (past the last of " + s.steps() + ")"
                        : s.step() + " of " + s.steps();
        out.println("step:    " + step + (s.manual() ? ", waiting for gantry promote " + s.app() : "")
                + (s.stepEndsAt() > 0 && s.step() <= s.steps()
                        ? ", pause ends " + Instant.ofEpochMilli(s.stepEndsAt())
                        : ""));
        out.println("weights: canary " + s.weight() + "%, stable " + (100 - s.weight()) + "%"
                + (s.paused() ? " (paused: " + s.pauseReason() + ")" : ""));
        if (s.verdict() == null) {
            out.println("verdict: none yet");
            return;
        }
        out.println("verdict: " + s.verdict().decision() + " after " + s.looks() + " look(s) in this step, at "
                + Instant.ofEpochMilli(s.verdictAt()) + ": " + s.verdict().reason());
        Table t = new Table("METRIC", "DECISION", "REASON");
        for (MetricVerdict m : s.verdict().metrics()) t.row(m.metric(), m.decision(), m.reason());
        t.print(out);
    }
}
