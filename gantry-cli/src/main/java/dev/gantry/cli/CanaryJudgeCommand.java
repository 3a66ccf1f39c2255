package dev.gantry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.analysis.OfflineJudge;
import dev.gantry.api.Json;
import dev.gantry.api.canary.Judgement;
import dev.gantry.api.canary.KayentaGroupScore;
import dev.gantry.api.canary.KayentaMetricResult;
import dev.gantry.api.canary.KayentaResult;
import dev.gantry.api.canary.MetricVerdict;
import dev.gantry.api.canary.SequentialResult;
import dev.gantry.api.canary.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "judge",
        description = {
            "Judge a canary offline from FILE (- for standard input), as POST /api/v1/canary/judge does:",
            "  {\"config\": <Kayenta canary config>, \"series\": {\"<metric>\": {\"control\": [...], \"experiment\": [...]}}}",
            "    prints the score, the result (Pass, Marginal, Fail) and each metric's classification with its numbers;",
            "  {\"mode\": \"sequential\", \"alpha\": 0.01, \"windows\": [{\"baseline\": {\"requests\": N, \"errors\": E,"
                    + " \"latencyMs\": [...]}, \"canary\": {...}}, ...]}",
            "    prints the decision after each window (continue, promote, rollback) with its reason.",
            "Sent to the control plane; --local judges here, without one."
        })
final class CanaryJudgeCommand implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Mixin
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the request as JSON; - reads standard input")
    String file;

    @Option(names = "--local", description = "judge in this process instead of on the control plane")
    boolean local;

    @Override
    public Integer call() throws Exception {
        JsonNode request = parse(read());
        Judgement answer = local ? here(request) : remote(request);
        output.print(answer, out -> {
            if (answer instanceof KayentaResult k) print(k, out);
            else print((SequentialResult) answer, out);
        });
        return 0;
    }

    private static Judgement here(JsonNode request) {
        try {
            return OfflineJudge.judge(request);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    private Judgement remote(JsonNode request) throws IOException {
        JsonNode answer = api.client().post("/api/v1/canary/judge", request, JsonNode.class);
        Class<? extends Judgement> type =
                SequentialResult.MODE.equals(answer.path("mode").asText())
                        ? SequentialResult.class
                        : KayentaResult.class;
        return Json.mapper().treeToValue(answer, type);
    }

    private String read() throws IOException {
        if (file.equals("-")) return Main.in(spec).lines().collect(Collectors.joining("\n"));
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e);
        }
    }

    private JsonNode parse(String text) {
        String name = file.equals("-") ? "standard input" : file;
        if (text.isBlank()) throw new CliException(name + ": is empty, expected a JSON request");
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new CliException(name + ": invalid JSON: " + e.getOriginalMessage());
        }
    }

    private static void print(KayentaResult r, PrintWriter out) {
        out.println("result: " + r.result() + ", score " + number(r.score()));
        out.println("reason: " + r.reason());
        out.println();
        Table groups = new Table("GROUP", "SCORE", "WEIGHT");
        for (KayentaGroupScore g : r.groupScores())
            groups.row(g.name(), g.noData() ? "no data" : number(g.score()), number(g.weight()) + "%");
        groups.print(out);
        out.println();
        Table metrics = new Table(
                "METRIC", "GROUP", "CLASSIFICATION", "CRITICAL", "BASELINE", "CANARY", "EFFECT", "INTERVAL", "P");
        for (KayentaMetricResult m : r.metrics()) {
            Map<String, Double> n = m.numbers();
            metrics.row(
                    m.name(),
                    String.join(",", m.groups()),
                    m.classification(),
                    m.critical() ? "yes" : "no",
                    side(n, "control"),
                    side(n, "experiment"),
                    n.containsKey("effectSize") ? number(n.get("effectSize")) : "-",
                    n.containsKey("ciLower")
                            ? "[" + number(n.get("ciLower")) + ", " + number(n.get("ciUpper")) + "]"
                            : "-",
                    n.containsKey("pValue") ? number(n.get("pValue")) : "-");
        }
        metrics.print(out);
        out.println();
        for (KayentaMetricResult m : r.metrics()) out.println(m.name() + ": " + m.reason());
    }

    private static void print(SequentialResult r, PrintWriter out) {
        Table t = new Table("WINDOW", "DECISION", "REASON");
        for (int i = 0; i < r.windows().size(); i++)
            t.row(i + 1, r.windows().get(i).decision(), r.windows().get(i).reason());
        t.print(out);
        if (r.windows().isEmpty()) return;
        Verdict last = r.windows().get(r.windows().size() - 1);
        out.println();
        out.println("after window " + r.windows().size() + ": " + last.decision());
        Table m = new Table("METRIC", "DECISION", "REASON");
        for (MetricVerdict v : last.metrics()) m.row(v.metric(), v.decision(), v.reason());
        m.print(out);
    }

    private static String side(Map<String, Double> n, String side) {
        Double count = n.get(side + "Count");
        if (count == null) return "-";
        Double mean = n.get(side + "Mean");
        return (mean == null ? "no data" : "mean " + number(mean)) + " (n=" + count.longValue() + ")";
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        if (Math.abs(v) < 1e-4) return String.format(Locale.ROOT, "%.3g", v);
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
