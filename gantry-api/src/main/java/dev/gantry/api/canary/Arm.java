package dev.gantry.api.canary;

import java.util.List;

/**
 * What one side of a comparison (stable or canary) did in one window.
 *
 * @param requests    requests answered or failed in the window
 * @param errors      of those, 5xx answers and connection failures
 * @param latencyMs   a sample of the window's successful requests' latencies, at most {@link #MAX_SAMPLE} values
 * @param cpuPercent  mean CPU of its instances over the window, percent of one core; null when unknown
 * @param memoryBytes mean memory of its instances over the window; null when unknown
 */
public record Arm(long requests, long errors, List<Double> latencyMs, Double cpuPercent, Double memoryBytes) {
    public static final int MAX_SAMPLE = 1000;

    public Arm {
        if (requests < 0) throw new IllegalArgumentException("requests: must be >= 0, was " + requests);
        if (errors < 0 || errors > requests)
            throw new IllegalArgumentException("errors: must be 0.." + requests + " (requests), was " + errors);
        latencyMs = latencyMs == null ? List.of() : List.copyOf(latencyMs);
        if (latencyMs.size() > MAX_SAMPLE)
            throw new IllegalArgumentException(
                    "latencyMs: at most " + MAX_SAMPLE + " values per arm, was " + latencyMs.size());
        for (Double v : latencyMs)
            if (v == null || !(v >= 0) || v.isInfinite())
                throw new IllegalArgumentException("latencyMs: values must be finite and >= 0, was " + v);
    }

    /** Counts only. */
    public Arm(long requests, long errors) {
        this(requests, errors, List.of(), null, null);
    }
}
