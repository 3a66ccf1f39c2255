package dev.gantry.analysis.kayenta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.analysis.JsonPath;
import java.util.List;
import java.util.Map;

/**
 * A Kayenta canary configuration ({@code CanaryConfig} of Spinnaker Kayenta), read and validated: the judge's
 * tolerance and confidence level, the metrics with their analysis settings, the group weights and the score
 * thresholds. Unknown or misspelled fields and values of the wrong type are refused with a message naming
 * their JSON path; metric queries for any store are accepted and ignored (offline, values come with the
 * request).
 *
 * @param tolerance    the judge's tolerance band: a shift smaller than this share of its estimate is no change
 *                     ({@code judge.judgeConfigurations.tolerance}, Kayenta's 0.25 when absent)
 * @param confLevel    the confidence level of the shift's interval ({@code judgeConfigurations.confLevel}, 0.98)
 * @param groupWeights {@code classifier.groupWeights}, percent
 * @param pass         {@code classifier.scoreThresholds.pass} (95 when absent)
 * @param marginal     {@code classifier.scoreThresholds.marginal} (75 when absent)
 */
public record KayentaConfig(
        String name,
        double tolerance,
        double confLevel,
        List<MetricConfig> metrics,
        Map<String, Double> groupWeights,
        double pass,
        double marginal) {
    public static final String JUDGE = "NetflixACAJudge-v1.0";
    public static final double DEFAULT_TOLERANCE = 0.25;
    public static final double DEFAULT_CONF_LEVEL = 0.98;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public KayentaConfig {
        metrics = List.copyOf(metrics);
        groupWeights = Map.copyOf(groupWeights);
    }

    /** Reads a configuration; errors name the JSON path from the configuration's root. */
    public static KayentaConfig parse(JsonNode json) {
        return parse(json, "");
    }

    /** As {@link #parse(JsonNode)}, with error paths under {@code path} (e.g. {@code config}). */
    public static KayentaConfig parse(JsonNode json, String path) {
        return ConfigReader.read(JsonPath.root(path, json));
    }

    public static KayentaConfig parse(String json) {
        try {
            return parse(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("config: invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The metric named so; null when the configuration has none. */
    public MetricConfig metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }
}
