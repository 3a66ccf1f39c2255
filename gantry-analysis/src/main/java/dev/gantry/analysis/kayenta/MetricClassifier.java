package dev.gantry.analysis.kayenta;

import static dev.gantry.api.canary.KayentaMetricResult.ERROR;
import static dev.gantry.api.canary.KayentaMetricResult.HIGH;
import static dev.gantry.api.canary.KayentaMetricResult.LOW;
import static dev.gantry.api.canary.KayentaMetricResult.NODATA;
import static dev.gantry.api.canary.KayentaMetricResult.NODATA_FAIL_METRIC;
import static dev.gantry.api.canary.KayentaMetricResult.PASS;

import dev.gantry.analysis.kayenta.MetricConfig.Direction;
import dev.gantry.analysis.kayenta.MetricConfig.Measure;
import dev.gantry.analysis.kayenta.MetricConfig.NanStrategy;
import dev.gantry.api.canary.KayentaMetricResult;
import dev.gantry.api.canary.Series;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Classifies one metric as Kayenta's {@code MannWhitneyClassifier} does: missing values removed or read as 0,
 * outliers optionally removed, then no data on either side is {@code Nodata} ({@code NodataFailMetric} for a
 * metric that must have data, a pass when missing values read as 0), identical samples pass, and otherwise the
 * canary is {@code High} when the whole confidence interval of its shift lies above the tolerance band (plus or
 * minus {@code tolerance} times the shift's estimate) and its effect size reaches {@code allowedIncrease};
 * {@code Low} symmetrically; a direction of increase or decrease only looks one way.
 */
final class MetricClassifier {
    private final double tolerance;
    private final double confLevel;

    /** A metric's result, and whether it fails the whole run (a critical metric that failed or had no data). */
    record Classified(KayentaMetricResult result, boolean failsRun) {}

    MetricClassifier(double tolerance, double confLevel) {
        this.tolerance = tolerance;
        this.confLevel = confLevel;
    }

    Classified classify(MetricConfig metric, Series series) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        if (series == null) return noData(metric, numbers, "no series was given for " + metric.name(), false);
        double[] control = transform(metric, series.control());
        double[] experiment = transform(metric, series.experiment());
        describe("control", series.control(), control, numbers);
        describe("experiment", series.experiment(), experiment, numbers);
        if (control.length == 0 || experiment.length == 0) {
            String side = control.length == 0 && experiment.length == 0
                    ? "either side"
                    : control.length == 0 ? "the baseline" : "the canary";
            return noData(metric, numbers, metric.name() + " has no data for " + side, true);
        }
        if (sameValues(control, experiment))
            return result(metric, PASS, "the canary and baseline data are identical", numbers, false);
        if (allOneValue(control, experiment))
            return result(metric, PASS, "every value of both sides is " + control[0], numbers, false);
        try {
            return compare(metric, control, experiment, numbers);
        } catch (RuntimeException e) {
            return result(metric, ERROR, "metric classification failed: " + e.getMessage(), numbers, metric.critical());
        }
    }

    private Classified compare(MetricConfig metric, double[] control, double[] experiment, Map<String, Double> n) {
        MannWhitney.Result test = MannWhitney.test(experiment, control, confLevel);
        double effect = effect(metric.effectSize().measure(), control, experiment);
        double bound = tolerance * Math.abs(test.estimate());
        n.put("effectSize", effect);
        n.put("ciLower", test.lower());
        n.put("ciUpper", test.upper());
        n.put("estimate", test.estimate());
        n.put("toleranceBound", bound);
        n.put("pValue", test.pValue());
        n.put("confLevel", confLevel);
        MetricConfig.EffectSize gate = metric.effectSize();
        Direction d = metric.direction();
        String interval = String.format(
                Locale.ROOT,
                "the %s%% interval of the shift [%s, %s]",
                num(confLevel * 100),
                num(test.lower()),
                num(test.upper()));
        String measure = metric.effectSize().measure() == Measure.CLES ? "CLES" : "mean ratio";
        boolean above = test.lower() > bound;
        boolean below = test.upper() < -bound;
        if (d != Direction.DECREASE && above && effect >= gate.allowedIncrease()) {
            boolean fails = metric.critical() && effect >= gate.criticalIncrease();
            String why = metric.name() + " was classified as High" + (fails ? " (Critical)" : "") + ": " + interval
                    + " lies above the tolerance +" + num(bound) + " and the " + measure + " " + num(effect)
                    + " >= allowed increase " + num(gate.allowedIncrease());
            return result(metric, HIGH, why, n, fails);
        }
        if (d != Direction.INCREASE && below && effect <= gate.allowedDecrease()) {
            boolean fails = metric.critical() && effect <= gate.criticalDecrease();
            String why = metric.name() + " was classified as Low" + (fails ? " (Critical)" : "") + ": " + interval
                    + " lies below the tolerance -" + num(bound) + " and the " + measure + " " + num(effect)
                    + " <= allowed decrease " + num(gate.allowedDecrease());
            return result(metric, LOW, why, n, fails);
        }
        return result(metric, PASS, passReason(metric, interval, bound, above, below, measure, effect), n, false);
    }

    private static String passReason(
            MetricConfig metric,
            String interval,
            double bound,
            boolean above,
            boolean below,
            String measure,
            double e) {
        Direction d = metric.direction();
        if (above && d == Direction.DECREASE)
            return interval + " lies above the tolerance, but only a decrease fails (direction: decrease)";
        if (below && d == Direction.INCREASE)
            return interval + " lies below the tolerance, but only an increase fails (direction: increase)";
        if (above)
            return interval + " lies above the tolerance, but the " + measure + " " + num(e)
                    + " is under the allowed increase "
                    + num(metric.effectSize().allowedIncrease());
        if (below)
            return interval + " lies below the tolerance, but the " + measure + " " + num(e)
                    + " is over the allowed decrease " + num(metric.effectSize().allowedDecrease());
        return interval + " overlaps the tolerance band +-" + num(bound);
    }

    /**
     * No data: with missing values read as 0 a pass; else {@code NodataFailMetric} for a metric that must have
     * data (and is not critical), otherwise {@code Nodata}, which fails the run when the metric is critical.
     */
    private Classified noData(MetricConfig metric, Map<String, Double> n, String why, boolean replaceable) {
        if (replaceable && metric.nanStrategy() == NanStrategy.REPLACE)
            return result(metric, PASS, why + "; missing values count as 0 (nanStrategy: replace)", n, false);
        if (metric.mustHaveData() && !metric.critical())
            return result(metric, NODATA_FAIL_METRIC, why + " and must have data", n, false);
        return result(metric, NODATA, why, n, metric.critical());
    }

    private static Classified result(
            MetricConfig metric, String label, String reason, Map<String, Double> n, boolean failsRun) {
        String group = metric.groups().isEmpty() ? null : metric.groups().get(0);
        n.values().removeIf(v -> v == null || !Double.isFinite(v));
        return new Classified(
                new KayentaMetricResult(metric.name(), label, reason, group, metric.critical(), n, metric.groups()),
                failsRun);
    }

    private static double[] transform(MetricConfig metric, List<Double> values) {
        double[] kept = values.stream()
                .map(v -> v == null || v.isNaN() ? (metric.nanStrategy() == NanStrategy.REPLACE ? 0.0 : null) : v)
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .toArray();
        return metric.removeOutliers() ? Outliers.remove(kept, metric.outlierFactor()) : kept;
    }

    private static void describe(String side, List<Double> raw, double[] kept, Map<String, Double> n) {
        n.put(side + "Count", (double) kept.length);
        if (kept.length < raw.size()) n.put(side + "Removed", (double) (raw.size() - kept.length));
        if (kept.length > 0) n.put(side + "Mean", Arrays.stream(kept).average().orElseThrow());
    }

    /** Kayenta's deviation: mean ratio (1.0 when the baseline's mean is 0) or CLES. */
    private static double effect(Measure measure, double[] control, double[] experiment) {
        if (measure == Measure.CLES) return MannWhitney.cles(experiment, control);
        double controlMean = Arrays.stream(control).average().orElseThrow();
        return controlMean == 0 ? 1.0 : Arrays.stream(experiment).average().orElseThrow() / controlMean;
    }

    private static boolean sameValues(double[] a, double[] b) {
        if (a.length != b.length) return false;
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        return Arrays.equals(x, y);
    }

    private static boolean allOneValue(double[] a, double[] b) {
        for (double v : a) if (v != a[0]) return false;
        for (double v : b) if (v != a[0]) return false;
        return true;
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        return String.format(Locale.ROOT, "%.4g", v)
                .replaceFirst("(\\.\\d*?)0+($|e)", "$1$2")
                .replaceFirst("\\.($|e)", "$1");
    }
}
