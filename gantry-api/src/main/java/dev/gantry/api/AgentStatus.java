package dev.gantry.api;

/**
 * One agent as {@code gantry status} shows it, from its last report.
 *
 * @param lastSeenSecondsAgo seconds since its last report reached this control plane
 * @param cpuPercent         the host's CPU use
 * @param instances          how many instances it runs
 */
public record AgentStatus(String host, String address, long lastSeenSecondsAgo, double cpuPercent, long memUsedBytes,
                          long memTotalBytes, int instances) {
}
