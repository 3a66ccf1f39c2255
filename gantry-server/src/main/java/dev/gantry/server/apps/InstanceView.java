package dev.gantry.server.apps;

/** One line of {@code gantry ps}: a desired instance joined with what its agent reports. */
public record InstanceView(String id, String app, String host, int port, String state, int release,
                           long uptimeSeconds, int restarts, boolean draining, String message,
                           double cpuPercent, long rssBytes) {
}
