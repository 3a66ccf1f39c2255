package dev.gantry.api.canary;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the Kayenta judge classified one metric, with the numbers behind it.
 *
 * @param name           the metric's name in the canary configuration
 * @param classification Kayenta's label: {@code Pass}, {@code High}, {@code Low}, {@code Nodata},
 *                       {@code NodataFailMetric} (no data for a metric marked {@code mustHaveData}) or
 *                       {@code Error}
 * @param reason         one sentence a person reads
 * @param group          the metric's first group (Kayenta's UI gives each metric one)
 * @param critical       whether the configuration marks the metric critical (a critical metric that is not a
 *                       pass fails the whole run)
 * @param numbers        the evidence, by name: {@code controlMean}, {@code experimentMean},
 *                       {@code controlCount}, {@code experimentCount}, {@code effectSize}, {@code ciLower},
 *                       {@code ciUpper}, {@code estimate}, {@code pValue}, ... (only those that apply)
 * @param groups         every group of the metric (a metric may be scored in several)
 */
public record KayentaMetricResult(
        String name,
        String classification,
        String reason,
        String group,
        boolean critical,
        Map<String, Double> numbers,
        List<String> groups) {
    public static final String PASS = "Pass";
    public static final String HIGH = "High";
    public static final String LOW = "Low";
    public static final String NODATA = "Nodata";
    public static final String NODATA_FAIL_METRIC = "NodataFailMetric";
    public static final String ERROR = "Error";

    public KayentaMetricResult {
        numbers = numbers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
