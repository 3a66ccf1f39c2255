package dev.gantry.flags;

import java.util.List;

/**
 * A sticky percentage split at 1/100,000 resolution. The bucket of a context is
 * {@code murmur3_32(seed 0, UTF-8 "flagKey:bucketingValue") mod 100000} (unsigned), so the same
 * key gets the same variant in every process and after every restart.
 *
 * @param bucketBy attribute whose value is hashed; {@code targetingKey} when absent
 * @param weights variants with weights in 1/100,000 that add up to exactly 100000
 */
public record Rollout(String bucketBy, List<Weight> weights) {
    public static final int TOTAL = 100_000;
    public static final String TARGETING_KEY = "targetingKey";

    public Rollout {
        bucketBy = bucketBy == null || bucketBy.isBlank() ? TARGETING_KEY : bucketBy;
        weights = weights == null ? List.of() : List.copyOf(weights);
    }

    public static Rollout of(Weight... weights) {
        return new Rollout(TARGETING_KEY, List.of(weights));
    }
}
