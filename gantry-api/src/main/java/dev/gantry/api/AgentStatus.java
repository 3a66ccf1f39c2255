package dev.gantry.api;

/**
 * One agent as {@code gantry status} shows it, from its last report.
 *
 * @param lastSeenSecondsAgo seconds since its last report reached this control plane
 * @param cpuPercent         the host's CPU use
 * @param instances          how many instances it runs
 * @param isolation          how it isolates instances (user, cgroups or why not), from its report; null if it did not say
 */
public record AgentStatus(
        String host,
        String address,
        long lastSeenSecondsAgo,
        double cpuPercent,
        long memUsedBytes,
        long memTotalBytes,
        int instances,
        AgentReport.Isolation isolation) {
    /** A status that says nothing about isolation. */
    public AgentStatus(
            String host,
            String address,
            long lastSeenSecondsAgo,
            double cpuPercent,
            long memUsedBytes,
            long memTotalBytes,
            int instances) {
        this(host, address, lastSeenSecondsAgo, cpuPercent, memUsedBytes, memTotalBytes, instances, null);
    }
}
