package dev.gantry.proxy;

/**
 * What the router has seen of one backend since it entered the table.
 *
 * @param errors       5xx answers plus connect failures, broken connections and timeouts
 * @param p50Millis    latency percentiles, as the upper bound of a fixed histogram bucket
 * @param outstanding  requests in flight right now
 * @param healthy      false while ejected by health checks or by a connect failure
 * @param latencyBucketCounts per-bucket (not cumulative) counts for {@link #latencyBoundsSeconds()} plus +Inf;
 *                     a WebSocket counts the time to its 101, not its lifetime
 * @param webSocketsOpen WebSockets open right now
 * @param webSocketsTotal WebSockets opened since the backend entered the table
 * @param webSocketUpgradesRefused WebSocket handshakes the backend answered with something other than 101
 */
public record BackendStats(
        String app,
        String backendId,
        String address,
        int release,
        int weight,
        boolean healthy,
        long requests,
        long errors,
        int outstanding,
        double p50Millis,
        double p90Millis,
        double p99Millis,
        long[] latencyBucketCounts,
        double latencySumSeconds,
        int webSocketsOpen,
        long webSocketsTotal,
        long webSocketUpgradesRefused) {

    /** Upper bounds of the latency buckets, in seconds. */
    public static double[] latencyBoundsSeconds() {
        return LatencyHistogram.BOUNDS.clone();
    }
}
