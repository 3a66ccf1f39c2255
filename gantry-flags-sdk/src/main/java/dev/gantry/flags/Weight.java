package dev.gantry.flags;

/** A variant's share of a {@link Rollout}, in 1/100,000 (25000 = 25%). */
public record Weight(String variant, int weight) {
    public Weight {
        if (variant == null || variant.isBlank()) throw new IllegalArgumentException("variant: must not be blank");
    }
}
