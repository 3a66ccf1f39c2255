package dev.gantry.api;

import java.util.List;

/**
 * What one router saw since its previous report (sent about every second): per app, release and
 * instance, the requests it forwarded. The control plane adds these up into the windows the canary
 * judge compares.
 *
 * @param router  the router's name, unique among routers
 * @param from    epoch millis the interval began
 * @param to      epoch millis the interval ended
 * @param samples one per backend that had traffic or a trip in the interval
 */
public record RouterReport(String router, long from, long to, List<Sample> samples) {
    public RouterReport {
        if (router == null || router.isBlank()) throw new IllegalArgumentException("router: is required");
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    /**
     * @param requests        requests that got an answer or failed
     * @param errors          5xx answers from the backend, of those
     * @param connectFailures requests that could not reach the backend (refused, reset, timed out), of those
     * @param latency         the interval's latencies of answered requests (not 5xx), in microseconds: an
     *                        HdrHistogram in its compressed encoding, base64; null when none
     * @param tripped         the router took the canary's share away in the interval: an error burst
     */
    public record Sample(
            String app,
            int release,
            String instance,
            long requests,
            long errors,
            long connectFailures,
            String latency,
            boolean tripped) {}
}
