package dev.gantry.flags.internal;

import dev.gantry.flags.EvaluationContext;
import dev.gantry.flags.Rollout;
import java.util.List;
import java.util.Map;

/** A {@link Rollout} as cumulative bucket bounds over 0..99999 with one outcome per slice. */
public final class CompiledRollout {
    private final String bucketBy;
    private final Murmur3.Prefix prefix;
    private final int[] upperBounds;
    private final Outcome[] outcomes;

    public CompiledRollout(String flagKey, Rollout rollout, Map<String, Outcome> outcomeByVariant) {
        this.bucketBy = rollout.bucketBy().intern(); // found by identity in the context's table
        this.prefix = Murmur3.Prefix.of(flagKey);
        List<dev.gantry.flags.Weight> weights = rollout.weights();
        this.upperBounds = new int[weights.size()];
        this.outcomes = new Outcome[weights.size()];
        int sum = 0;
        for (int i = 0; i < weights.size(); i++) {
            sum += weights.get(i).weight();
            upperBounds[i] = sum;
            outcomes[i] = outcomeByVariant.get(weights.get(i).variant());
            if (outcomes[i] == null)
                throw new IllegalArgumentException(
                        "unknown variant \"" + weights.get(i).variant() + "\"");
        }
        if (sum != Rollout.TOTAL) throw new IllegalArgumentException("weights must add up to 100000, got " + sum);
    }

    /** The bucket (0..99999) of a bucketing value for a flag. */
    public static int bucket(String flagKey, String value) {
        return (int) (Integer.toUnsignedLong(Murmur3.hashBucketKey(flagKey, value)) % Rollout.TOTAL);
    }

    /** The outcome for this context, or null when the context lacks the bucketing attribute. */
    public Outcome pick(EvaluationContext ctx) {
        Object value = ctx.attribute(bucketBy);
        if (value == null) return null;
        int hash = Murmur3.hash(prefix, value instanceof String s ? s : String.valueOf(value));
        int bucket = (int) (Integer.toUnsignedLong(hash) % Rollout.TOTAL);
        int slice = 0; // counted without branches: which slice a random bucket falls in is unpredictable
        for (int i = 0; i < upperBounds.length - 1; i++) slice += bucket >= upperBounds[i] ? 1 : 0;
        return outcomes[slice];
    }
}
