package dev.gantry.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.analysis.kayenta.KayentaConfig;
import dev.gantry.analysis.kayenta.KayentaJudge;
import dev.gantry.analysis.sequential.SequentialJudge;
import dev.gantry.analysis.sequential.SequentialSettings;
import dev.gantry.api.canary.Arm;
import dev.gantry.api.canary.Judgement;
import dev.gantry.api.canary.SequentialResult;
import dev.gantry.api.canary.Series;
import dev.gantry.api.canary.Window;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline canary judge behind {@code POST /api/v1/canary/judge} and {@code gantry canary judge}: reads a
 * request and answers it. Two forms:
 *
 * <pre>{@code
 * {"config": <Kayenta canary config>, "series": {"<metric>": {"control": [...], "experiment": [...]}}}
 * {"mode": "sequential", "alpha": 0.01, "windows": [{"baseline": {"requests": N, "errors": E, "latencyMs": [...]},
 *                                                    "canary": {...}}, ...]}
 * }</pre>
 *
 * The first is judged by {@link KayentaJudge}, the second window by window by {@link SequentialJudge} at the
 * request's alpha with the default tolerances ({@link SequentialSettings#of}). Bad input
 * is an IllegalArgumentException naming the field by its path ({@code windows[2].canary.errors: must be 0..40
 * (requests), was 50}).
 */
public final class OfflineJudge {
    public static final int MAX_WINDOWS = 1000;
    /**
     * Values over every metric and side of a Kayenta request: the rank test costs about (n + m) x 150 steps a
     * metric, so this keeps one request near a second of a core (16 MiB of values took half a minute).
     */
    public static final int MAX_TOTAL_VALUES = 100_000;
    /** The sequential judge's false-alarm level when the request names none: gantry.yml's default. */
    public static final double DEFAULT_ALPHA = 0.01;

    private static final String[] ARM_FIELDS = {"requests", "errors", "latencyMs", "cpuPercent", "memoryBytes"};

    private OfflineJudge() {}

    public static Judgement judge(JsonNode body) {
        JsonPath request = JsonPath.root("", body);
        if (!body.isObject())
            throw new IllegalArgumentException("body: must be a JSON object, was " + JsonPath.kind(body));
        String mode = request.choice("mode", "kayenta", "kayenta", "sequential");
        if (mode.equals("sequential")) {
            request.object("mode", "alpha", "windows");
            return sequential(request);
        }
        request.object("mode", "config", "series");
        if (!request.has("config"))
            throw new IllegalArgumentException(
                    "config: is required (a Kayenta canary configuration), or mode: sequential with windows");
        KayentaConfig config = KayentaConfig.parse(body.get("config"), "config");
        return KayentaJudge.judge(config, series(request));
    }

    private static Map<String, Series> series(JsonPath request) {
        Map<String, Series> out = new LinkedHashMap<>();
        if (!request.has("series")) return out;
        JsonPath all = request.get("series");
        if (!all.node().isObject())
            throw all.fail("must be an object of metric names, was " + JsonPath.kind(all.node()));
        long total = 0;
        for (String name : (Iterable<String>) all.node()::fieldNames) {
            JsonPath one = all.get(name).object("control", "experiment");
            List<Double> control = values(one, "control");
            total = checkTotal(one, "control", total + control.size());
            List<Double> experiment = values(one, "experiment");
            total = checkTotal(one, "experiment", total + experiment.size());
            out.put(name, prefixed(one.path(), () -> new Series(control, experiment)));
        }
        return out;
    }

    private static long checkTotal(JsonPath series, String side, long total) {
        if (total > MAX_TOTAL_VALUES)
            throw series.get(side)
                    .fail("at most " + MAX_TOTAL_VALUES + " values over all metrics and sides, was " + total
                            + " with these");
        return total;
    }

    private static List<Double> values(JsonPath series, String side) {
        if (!series.has(side)) return List.of();
        List<JsonPath> items = series.get(side).array();
        if (items.size() > Series.MAX_VALUES)
            throw series.get(side).fail("at most " + Series.MAX_VALUES + " values, was " + items.size());
        List<Double> out = new ArrayList<>(items.size());
        for (JsonPath v : items) out.add(v.node().isNull() ? null : v.number());
        return out;
    }

    private static SequentialResult sequential(JsonPath request) {
        SequentialSettings settings = SequentialSettings.of(request.number("alpha", DEFAULT_ALPHA));
        if (!request.has("windows")) throw request.get("windows").fail("is required");
        List<JsonPath> items = request.get("windows").array();
        if (items.isEmpty()) throw request.get("windows").fail("must hold at least one window");
        if (items.size() > MAX_WINDOWS)
            throw request.get("windows").fail("at most " + MAX_WINDOWS + " windows, was " + items.size());
        List<Window> windows = new ArrayList<>();
        for (JsonPath w : items) {
            w.object("baseline", "canary");
            if (!w.has("baseline")) throw w.get("baseline").fail("is required");
            if (!w.has("canary")) throw w.get("canary").fail("is required");
            windows.add(new Window(arm(w.get("baseline")), arm(w.get("canary"))));
        }
        return new SequentialResult(SequentialJudge.judgeAll(settings, windows));
    }

    private static Arm arm(JsonPath arm) {
        arm.object(ARM_FIELDS);
        if (!arm.has("requests")) throw arm.get("requests").fail("is required");
        long requests = arm.get("requests").integer();
        long errors = arm.has("errors") ? arm.get("errors").integer() : 0;
        List<Double> latency = new ArrayList<>();
        if (arm.has("latencyMs")) {
            List<JsonPath> items = arm.get("latencyMs").array();
            if (items.size() > Arm.MAX_SAMPLE)
                throw arm.get("latencyMs").fail("at most " + Arm.MAX_SAMPLE + " values per arm, was " + items.size());
            for (JsonPath v : items) latency.add(v.number());
        }
        Double cpu = arm.has("cpuPercent") ? arm.get("cpuPercent").number() : null;
        Double memory = arm.has("memoryBytes") ? arm.get("memoryBytes").number() : null;
        return prefixed(arm.path(), () -> new Arm(requests, errors, latency, cpu, memory));
    }

    /** Runs a record constructor whose messages name its own fields, putting {@code path} before them. */
    private static <T> T prefixed(String path, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + "." + e.getMessage(), e);
        }
    }
}
