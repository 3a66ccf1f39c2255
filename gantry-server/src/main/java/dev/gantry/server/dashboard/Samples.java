package dev.gantry.server.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The values of the agents' reports since the last {@code samples} event, and the routers' traffic of the last
 * complete second (once a second).
 *
 * @param at        epoch millis the event was made
 * @param hosts     host name to its latest sample
 * @param instances instance id to its latest sample
 * @param apps      app name to its traffic; empty between the once-a-second updates
 */
public record Samples(
        long at, Map<String, HostSample> hosts, Map<String, InstanceSample> instances, Map<String, Traffic> apps) {
    /** @param receivedAt when this control plane received the report */
    public record HostSample(long receivedAt, double cpu, long memoryBytes) {}

    /**
     * An instance's latest report and, once a second, its traffic; what is not known is left out.
     *
     * @param receivedAt when this control plane received the report
     * @param errorRate  the share of requests that failed, 0 to 1
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InstanceSample(
            Long receivedAt, Double cpu, Long memoryBytes, String state, Double rps, Double errorRate, Double p99Ms) {
        InstanceSample with(Traffic t) {
            return new InstanceSample(receivedAt, cpu, memoryBytes, state, t.rps(), t.errorRate(), t.p99Ms());
        }
    }

    /**
     * Requests per second, the share of them that failed (0 to 1), and the 99th percentile latency in ms; null
     * when the routers sent no request in the second.
     */
    public record Traffic(double rps, Double errorRate, Double p99Ms) {}
}
