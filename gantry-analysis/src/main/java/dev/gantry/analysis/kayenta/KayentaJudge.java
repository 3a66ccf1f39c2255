package dev.gantry.analysis.kayenta;

import static dev.gantry.api.canary.KayentaMetricResult.NODATA;

import dev.gantry.api.canary.KayentaGroupScore;
import dev.gantry.api.canary.KayentaMetricResult;
import dev.gantry.api.canary.KayentaResult;
import dev.gantry.api.canary.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Kayenta's classic canary judge ({@code NetflixACAJudge-v1.0}) over given values: each metric of the
 * configuration classified ({@link MetricClassifier}), the groups scored ({@link GroupScorer}), and the summary
 * score read against the thresholds: Pass at or above {@code pass}, Marginal at or above {@code marginal}, Fail
 * below. A critical metric that fails, or half the metrics or more without data, fails the run with a score of
 * 0, as in Kayenta.
 */
public final class KayentaJudge {
    static final double NODATA_THRESHOLD_PERCENT = 50;

    private KayentaJudge() {}

    /**
     * Judges {@code series} (metric name to values) with {@code config}. A metric of the configuration without
     * a series has no data; a series for a metric the configuration does not name is refused.
     */
    public static KayentaResult judge(KayentaConfig config, Map<String, Series> series) {
        for (String name : series.keySet())
            if (config.metric(name) == null)
                throw new IllegalArgumentException("series." + name + ": metric not in config");
        MetricClassifier classifier = new MetricClassifier(config.tolerance(), config.confLevel());
        List<KayentaMetricResult> metrics = new ArrayList<>();
        List<KayentaMetricResult> criticalFailures = new ArrayList<>();
        for (MetricConfig m : config.metrics()) {
            MetricClassifier.Classified c = classifier.classify(m, series.get(m.name()));
            metrics.add(c.result());
            if (c.failsRun()) criticalFailures.add(c.result());
        }
        List<KayentaGroupScore> groups = GroupScorer.groups(metrics, config.groupWeights());
        long noData =
                metrics.stream().filter(m -> m.classification().equals(NODATA)).count();
        if (!criticalFailures.isEmpty()) {
            String reason =
                    "Canary Failed: critical metric " + criticalFailures.get(0).reason();
            return new KayentaResult(0, KayentaResult.FAIL, reason, groups, metrics);
        }
        if (noData * 100.0 / metrics.size() >= NODATA_THRESHOLD_PERCENT) {
            String reason =
                    "Canary Failed: " + noData + " of " + metrics.size() + " metrics returned NODATA (50% or more)";
            return new KayentaResult(0, KayentaResult.FAIL, reason, groups, metrics);
        }
        double score = GroupScorer.summary(groups);
        String result = score >= config.pass()
                ? KayentaResult.PASS
                : score >= config.marginal() ? KayentaResult.MARGINAL : KayentaResult.FAIL;
        return new KayentaResult(score, result, reason(score, result, config, metrics), groups, metrics);
    }

    private static String reason(double score, String result, KayentaConfig config, List<KayentaMetricResult> ms) {
        String against = switch (result) {
            case KayentaResult.PASS -> ">= pass " + ConfigReader.fmt(config.pass());
            case KayentaResult.MARGINAL ->
                "< pass " + ConfigReader.fmt(config.pass()) + ", >= marginal " + ConfigReader.fmt(config.marginal());
            default -> "< marginal " + ConfigReader.fmt(config.marginal());
        };
        String failed = ms.stream()
                .filter(m -> !m.classification().equals(KayentaMetricResult.PASS))
                .map(m -> m.name() + " " + m.classification())
                .collect(Collectors.joining(", "));
        return "score " + ConfigReader.fmt(score) + " " + against
                + (failed.isEmpty() ? "; every metric passed" : "; " + failed);
    }
}
