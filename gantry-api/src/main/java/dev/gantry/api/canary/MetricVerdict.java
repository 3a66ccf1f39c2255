package dev.gantry.api.canary;

import java.util.Map;

/**
 * The judge's finding on one metric, with the numbers behind it.
 *
 * @param metric   errors, latency, cpu or memory (sequential); a configured metric name (Kayenta)
 * @param decision what this metric alone says
 * @param reason   one sentence a person reads, e.g. "canary error rate 5.1% vs 0.2%: ratio >= 4.0 at 99%"
 * @param numbers  the evidence: estimates, bounds, sample sizes, statistics, by name
 */
public record MetricVerdict(String metric, Decision decision, String reason, Map<String, Double> numbers) {
    public MetricVerdict {
        numbers = numbers == null ? Map.of() : Map.copyOf(numbers);
    }
}
