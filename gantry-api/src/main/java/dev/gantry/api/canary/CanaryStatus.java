package dev.gantry.api.canary;

/**
 * Where an app's canary stands, or how its last one ended.
 *
 * @param deployment    the deployment that runs it
 * @param state         running, promoted, rolled back (the judge or a hard failure failed it), aborted (someone
 *                      aborted or cancelled it)
 * @param stableRelease the release serving the rest of the traffic
 * @param canaryRelease the release being judged
 * @param step          the current step, from 1; 0 while the canary instances start; steps + 1 once promoted
 * @param steps         how many steps the strategy has
 * @param weight        the percent of requests the canary gets now (0 while paused)
 * @param paused        a hard failure (canary down, error burst) took its share away until it recovers
 * @param pauseReason   why it is paused; null when it is not
 * @param manual        the step waits for {@code gantry promote}
 * @param stepStartedAt epoch millis the step began
 * @param stepEndsAt    epoch millis the step's pause ends (then the judge's pass advances it); 0 when manual
 * @param verdict       the judge's latest verdict with its per-metric evidence; null before the first look
 * @param verdictAt     epoch millis of that verdict
 * @param looks         how many times the judge has looked during the step
 * @param message       the outcome, or what it waits for
 */
public record CanaryStatus(
        String app,
        String deployment,
        String state,
        int stableRelease,
        int canaryRelease,
        int step,
        int steps,
        int weight,
        boolean paused,
        String pauseReason,
        boolean manual,
        long stepStartedAt,
        long stepEndsAt,
        Verdict verdict,
        long verdictAt,
        int looks,
        String message) {}
