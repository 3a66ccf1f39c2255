package dev.gantry.server.dashboard;

/**
 * One host on the dashboard (the {@code host} event).
 *
 * @param up               it reported within the last 5 s (to any control plane on this Redis)
 * @param lastSeen         epoch millis of its last report
 * @param cpu              percent of the whole host
 * @param memoryBytes      memory in use
 * @param memoryTotalBytes memory it has
 */
public record HostCard(String host, boolean up, long lastSeen, Double cpu, Long memoryBytes, Long memoryTotalBytes) {}
