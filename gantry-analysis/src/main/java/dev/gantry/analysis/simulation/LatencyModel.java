package dev.gantry.analysis.simulation;

import java.util.random.RandomGenerator;
import org.apache.commons.math3.distribution.NormalDistribution;

/** A log-normal latency distribution, by its median (ms) and the standard deviation of its logarithm. */
public record LatencyModel(double medianMs, double sigma) {
    /** Median 20 ms, p95 45.5 ms, p99 64 ms: a typical web request. */
    public static final LatencyModel TYPICAL = new LatencyModel(20, 0.5);

    private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);

    public LatencyModel {
        if (!(medianMs > 0)) throw new IllegalArgumentException("medianMs: must be > 0, was " + medianMs);
        if (!(sigma >= 0)) throw new IllegalArgumentException("sigma: must be >= 0, was " + sigma);
    }

    public double quantile(double p) {
        return medianMs * Math.exp(sigma * STANDARD.inverseCumulativeProbability(p));
    }

    /** The same median with a tail stretched so that p95 is {@code factor} times this one's. */
    public LatencyModel withP95Times(double factor) {
        return new LatencyModel(medianMs, sigma + Math.log(factor) / STANDARD.inverseCumulativeProbability(0.95));
    }

    public double sample(RandomGenerator random) {
        return medianMs * Math.exp(sigma * random.nextGaussian());
    }
}
