package dev.gantry.server.git;

import java.time.Duration;

/**
 * How far a push's deploy may run and talk. Validated on construction. (How long the build and the tests may run is
 * the deploy engine's step timeout, the same for pushes and uploads.)
 *
 * @param outputLines how many lines of build, test and rollout output a pusher sees; the rest is counted
 * @param followFor        how long the push follows its deployment; past it the push is refused and the deployment goes
 *                    on (a blue-green deploy waiting for {@code gantry promote} ends up here)
 */
public record PushLimits(int outputLines, Duration followFor) {
    /** 2,000 lines, 30 minutes. */
    public static final PushLimits DEFAULT = new PushLimits(2_000, Duration.ofMinutes(30));

    public PushLimits {
        if (outputLines < 1) throw new IllegalArgumentException("outputLines: must be >= 1, was " + outputLines);
        if (followFor == null || followFor.isNegative() || followFor.isZero())
            throw new IllegalArgumentException("followFor: must be > 0, was " + followFor);
    }
}
