package dev.gantry.api;

/**
 * One line of {@code gantry top}: an instance its agent reports, with its latest metrics from the control
 * plane's series ({@code GET /api/v1/instances/metrics}).
 *
 * @param second         epoch millis of the latest complete second the values are of
 * @param cpuPercent     CPU use in percent of one core, the newest sample; null when none in the last seconds
 * @param memoryBytes    resident memory of the process tree, the newest sample; null when none
 * @param requestsPerSec requests the routers forwarded to it, a second's mean over the last seconds
 * @param errorsPerSec   of those, 5xx answers and connection failures
 * @param p99Millis      the highest 99th percentile latency of those seconds; null without requests
 */
public record InstanceMetrics(
        String app,
        String instance,
        String host,
        int release,
        InstanceState state,
        long second,
        Double cpuPercent,
        Long memoryBytes,
        double requestsPerSec,
        double errorsPerSec,
        Double p99Millis) {}
