package dev.gantry.server.dashboard;

import java.util.List;

/**
 * One app on the dashboard (the {@code app} event): its live release, the deployment running on it and its canary.
 *
 * @param liveRelease the release serving; 0 before the first deploy succeeded
 * @param deployment  the deployment holding the app now; null when none runs
 * @param canary      its running canary, or how its last one ended; null when it never had one
 */
public record AppCard(String name, int liveRelease, RolloutCard deployment, CanaryCard canary) {
    /**
     * A deployment in progress.
     *
     * @param strategy rolling, blue-green or canary (what the app's gantry.yml says)
     * @param state    BUILDING, TESTING, ROLLING_OUT, ...
     * @param step     the canary's step, as {@code 2/3}, while one runs; null otherwise
     * @param progress its latest progress line
     */
    public record RolloutCard(String id, int release, String strategy, String state, String step, String progress) {}

    /**
     * A canary: the share of requests it gets, its step, the judge's latest verdict and why.
     *
     * @param state   running, promoted, rolled back, aborted
     * @param verdict PROMOTE, CONTINUE or ROLLBACK; null before the judge's first look
     * @param reasons the verdict's reason, then each metric's
     */
    public record CanaryCard(
            int weight, int step, int steps, String state, int release, String verdict, List<String> reasons) {}
}
