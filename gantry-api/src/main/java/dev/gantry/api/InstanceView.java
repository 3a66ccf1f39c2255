package dev.gantry.api;

/**
 * One line of {@code gantry ps}: a desired instance joined with what its agent reports.
 *
 * @param state         {@link InstanceState#PENDING} until the instance's agent reports it
 * @param uptimeSeconds how long its current process has run
 * @param draining      the instance takes no new requests and stops after the drain delay
 */
public record InstanceView(String id, String app, String host, int port, InstanceState state, int release,
                           long uptimeSeconds, int restarts, boolean draining, String message,
                           double cpuPercent, long rssBytes) {
}
