package dev.gantry.flags;

/**
 * Another flag that must evaluate to {@code variant} (same environment, same context) before this
 * flag's own targeting is considered.
 */
public record Prerequisite(String flag, String variant) {
    public Prerequisite {
        if (flag == null || flag.isBlank()) throw new IllegalArgumentException("flag: must not be blank");
        if (variant == null || variant.isBlank()) throw new IllegalArgumentException("variant: must not be blank");
    }
}
