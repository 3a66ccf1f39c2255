package dev.gantry.api.canary;

import java.util.List;

/**
 * The sequential judge's answer over a run of windows: one verdict per window, each using only the windows
 * up to it; once a verdict promotes or rolls back, the later windows repeat it.
 *
 * @param mode    always {@value #MODE}
 * @param windows the verdict after each window, in order
 */
public record SequentialResult(String mode, List<Verdict> windows) implements Judgement {
    public static final String MODE = "sequential";

    public SequentialResult {
        windows = windows == null ? List.of() : List.copyOf(windows);
    }

    public SequentialResult(List<Verdict> windows) {
        this(MODE, windows);
    }
}
