package dev.gantry.api.canary;

/** One analysis interval: the stable release (baseline) and the canary, side by side. */
public record Window(Arm baseline, Arm canary) {
    public Window {
        if (baseline == null) throw new IllegalArgumentException("baseline: is required");
        if (canary == null) throw new IllegalArgumentException("canary: is required");
    }
}
