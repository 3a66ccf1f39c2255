package dev.gantry.analysis.kayenta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gantry.analysis.JsonPath;
import dev.gantry.analysis.kayenta.MetricConfig.Direction;
import dev.gantry.analysis.kayenta.MetricConfig.EffectSize;
import dev.gantry.analysis.kayenta.MetricConfig.Measure;
import dev.gantry.analysis.kayenta.MetricConfig.NanStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads a Kayenta {@code CanaryConfig} into a {@link KayentaConfig}, with Kayenta's defaults. */
final class ConfigReader {
    private static final String[] TOP = {
        "id",
        "name",
        "applications",
        "configVersion",
        "description",
        "judge",
        "metrics",
        "classifier",
        "templates",
        "createdTimestamp",
        "updatedTimestamp",
        "createdTimestampIso",
        "updatedTimestampIso"
    };

    private ConfigReader() {}

    static KayentaConfig read(JsonPath config) {
        config.object(TOP);
        String name = config.text("name", "");
        config.texts("applications");
        config.text("description", null);
        if (config.has("configVersion") && !config.node().get("configVersion").isValueNode())
            throw config.get("configVersion").fail("must be a string or a number");
        templates(config);
        double tolerance = KayentaConfig.DEFAULT_TOLERANCE;
        double confLevel = KayentaConfig.DEFAULT_CONF_LEVEL;
        if (config.has("judge")) {
            JsonPath judge = config.get("judge").object("name", "judgeConfigurations");
            String judgeName = judge.text("name", KayentaConfig.JUDGE);
            if (!judgeName.equals(KayentaConfig.JUDGE))
                throw judge.get("name").fail("only " + KayentaConfig.JUDGE + " is reproduced, was " + judgeName);
            if (judge.has("judgeConfigurations")) {
                JsonPath settings = judge.get("judgeConfigurations").object("tolerance", "confLevel");
                tolerance = settings.number("tolerance", tolerance);
                confLevel = settings.number("confLevel", confLevel);
                if (!(tolerance >= 0)) throw settings.get("tolerance").fail("must be >= 0, was " + tolerance);
                if (!(confLevel > 0 && confLevel < 1))
                    throw settings.get("confLevel").fail("must be between 0 and 1 (exclusive), was " + confLevel);
            }
        }
        if (!config.has("metrics")) throw config.get("metrics").fail("is required");
        List<MetricConfig> metrics = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (JsonPath m : config.get("metrics").array()) {
            MetricConfig metric = metric(m);
            String earlier = seen.putIfAbsent(metric.name(), m.path());
            if (earlier != null) throw m.get("name").fail("duplicate of " + earlier + ".name: " + metric.name());
            metrics.add(metric);
        }
        if (metrics.isEmpty()) throw config.get("metrics").fail("must name at least one metric");
        Map<String, Double> weights = new LinkedHashMap<>();
        double pass = 95;
        double marginal = 75;
        if (config.has("classifier")) {
            JsonPath classifier = config.get("classifier").object("groupWeights", "scoreThresholds");
            if (classifier.has("groupWeights")) {
                JsonPath w = classifier.get("groupWeights").object(fieldsOf(classifier.get("groupWeights")));
                for (String group : fieldsOf(w)) {
                    double weight = w.get(group).number();
                    if (!(weight >= 0)) throw w.get(group).fail("must be >= 0, was " + weight);
                    weights.put(group, weight);
                }
            }
            if (classifier.has("scoreThresholds")) {
                JsonPath t = classifier.get("scoreThresholds").object("pass", "marginal");
                pass = percent(t, "pass", pass);
                marginal = percent(t, "marginal", marginal);
                if (marginal > pass)
                    throw t.get("marginal").fail("must be <= pass (" + fmt(pass) + "), was " + fmt(marginal));
            }
        }
        return new KayentaConfig(name, tolerance, confLevel, metrics, weights, pass, marginal);
    }

    private static MetricConfig metric(JsonPath m) {
        m.object("name", "query", "groups", "analysisConfigurations", "scopeName");
        String name = m.text("name", "");
        if (name.isBlank()) throw m.get("name").fail("is required");
        String queryType = null;
        if (m.has("query")) {
            JsonPath query = m.get("query");
            if (!query.node().isObject()) throw query.fail("must be an object, was " + JsonPath.kind(query.node()));
            queryType = query.text("type", null);
        }
        List<String> groups = m.texts("groups");
        if (groups.isEmpty())
            throw m.get("groups").fail("must name at least one group (Kayenta scores metrics by group)");
        String scope = m.text("scopeName", null);
        JsonPath canary = new JsonPath(m.child("analysisConfigurations") + ".canary", NONE);
        if (m.has("analysisConfigurations")) {
            JsonPath analysis = m.get("analysisConfigurations").object("canary");
            if (analysis.has("canary")) canary = analysis.get("canary");
        }
        return settings(name, groups, queryType, scope, canary);
    }

    /** An absent {@code canary} block: every setting at Kayenta's default. */
    private static final JsonNode NONE = JsonNodeFactory.instance.objectNode();

    private static MetricConfig settings(String name, List<String> groups, String queryType, String scope, JsonPath c) {
        c.object("direction", "critical", "mustHaveData", "nanStrategy", "effectSize", "outliers");
        Direction direction = Direction.valueOf(c.choice("direction", "either", "increase", "decrease", "either")
                .toUpperCase(Locale.ROOT));
        NanStrategy nan = NanStrategy.valueOf(
                c.choice("nanStrategy", "remove", "remove", "replace").toUpperCase(Locale.ROOT));
        EffectSize effect = effectSize(c);
        boolean removeOutliers = false;
        double factor = 3.0;
        if (c.has("outliers")) {
            JsonPath o = c.get("outliers").object("strategy", "outlierFactor");
            removeOutliers = o.choice("strategy", "keep", "remove", "keep").equals("remove");
            factor = o.number("outlierFactor", factor);
            if (!(factor > 0)) throw o.get("outlierFactor").fail("must be > 0, was " + factor);
        }
        return new MetricConfig(
                name,
                groups,
                queryType,
                scope,
                direction,
                nan,
                c.bool("critical", false),
                c.bool("mustHaveData", false),
                effect,
                removeOutliers,
                factor);
    }

    private static EffectSize effectSize(JsonPath c) {
        if (!c.has("effectSize")) return new EffectSize(Measure.MEAN_RATIO, 1.0, 1.0, 1.0, 1.0);
        JsonPath e = c.get("effectSize")
                .object("allowedIncrease", "allowedDecrease", "criticalIncrease", "criticalDecrease", "measure");
        Measure measure = e.choice("measure", "meanRatio", "meanRatio", "cles").equals("cles")
                ? Measure.CLES
                : Measure.MEAN_RATIO;
        double none = measure == Measure.CLES ? 0.5 : 1.0;
        return new EffectSize(
                measure,
                e.number("allowedIncrease", none),
                e.number("allowedDecrease", none),
                e.number("criticalIncrease", none),
                e.number("criticalDecrease", none));
    }

    private static void templates(JsonPath config) {
        if (!config.has("templates")) return;
        JsonPath t = config.get("templates");
        t.object(fieldsOf(t));
        for (String key : fieldsOf(t)) t.text(key, null);
    }

    private static double percent(JsonPath t, String field, double absent) {
        double v = t.number(field, absent);
        if (!(v >= 0 && v <= 100)) throw t.get(field).fail("must be 0..100, was " + fmt(v));
        return v;
    }

    private static String[] fieldsOf(JsonPath p) {
        if (!p.node().isObject()) throw p.fail("must be an object, was " + JsonPath.kind(p.node()));
        List<String> names = new ArrayList<>();
        p.node().fieldNames().forEachRemaining(names::add);
        return names.toArray(String[]::new);
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
