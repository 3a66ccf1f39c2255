package dev.gantry.api;

/**
 * One line of {@code gantry ps}: a desired instance joined with what its agent reports.
 *
 * @param state            {@link InstanceState#PENDING} until the instance's agent reports it
 * @param uptimeSeconds    how long its current process has run
 * @param draining         the instance takes no new requests and stops after the drain delay
 * @param user             the account its processes run as, as its agent reports it; null until then
 * @param memoryLimitBytes the memory limit its agent enforces, 0 if none (see {@link InstanceStatus})
 * @param memoryBytes      memory charged to its cgroup, or its resident memory where it has none
 * @param cpuLimit         the CPU share its agent enforces, in cores, 0 if none
 * @param oomKills         processes of it killed by its memory limit
 */
public record InstanceView(
        String id,
        String app,
        String host,
        int port,
        InstanceState state,
        int release,
        long uptimeSeconds,
        int restarts,
        boolean draining,
        String message,
        double cpuPercent,
        long rssBytes,
        String user,
        long memoryLimitBytes,
        long memoryBytes,
        double cpuLimit,
        int oomKills) {
    /** A line without isolation details (user, limits, OOM kills). */
    public InstanceView(
            String id,
            String app,
            String host,
            int port,
            InstanceState state,
            int release,
            long uptimeSeconds,
            int restarts,
            boolean draining,
            String message,
            double cpuPercent,
            long rssBytes) {
        this(
                id,
                app,
                host,
                port,
                state,
                release,
                uptimeSeconds,
                restarts,
                draining,
                message,
                cpuPercent,
                rssBytes,
                null,
                0,
                rssBytes,
                0,
                0);
    }
}
