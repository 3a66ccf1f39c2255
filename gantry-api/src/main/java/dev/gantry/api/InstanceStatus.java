package dev.gantry.api;

/**
 * What an agent reports about one instance.
 *
 * @param startedAt   epoch millis when the current process started, 0 if none runs
 * @param restarts    how many times the agent restarted it
 * @param message     last notable event, e.g. "exited with code 1" or "health /health: connection refused"
 * @param cpuPercent  CPU use of the process tree over the last sample, percent of one core
 * @param rssBytes    resident memory of the process tree
 */
public record InstanceStatus(String id, String app, int release, String host, String address, int port,
                             long pid, InstanceState state, int restarts, long startedAt, String message,
                             double cpuPercent, long rssBytes) {
}
