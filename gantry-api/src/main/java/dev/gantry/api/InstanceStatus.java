package dev.gantry.api;

/**
 * What an agent reports about one instance.
 *
 * @param startedAt        epoch millis when the current process started, 0 if none runs
 * @param restarts         how many times the agent restarted it
 * @param message          last notable event, e.g. "exited with code 1" or "health /health: connection refused"
 * @param cpuPercent       CPU use of the process tree over the last sample, percent of one core
 * @param rssBytes         resident memory of the process tree
 * @param user             the account its processes run as
 * @param memoryLimitBytes the memory limit the agent enforces (cgroup), 0 if none
 * @param memoryBytes      memory charged to its cgroup (page cache included, as the limit counts it), or the
 *                         resident memory of its process tree where it has no cgroup
 * @param cpuLimit         the CPU share the agent enforces, in cores, 0 if none
 * @param oomKills         processes of this instance killed by its memory limit, since the agent took it on
 */
public record InstanceStatus(
        String id,
        String app,
        int release,
        String host,
        String address,
        int port,
        long pid,
        InstanceState state,
        int restarts,
        long startedAt,
        String message,
        double cpuPercent,
        long rssBytes,
        String user,
        long memoryLimitBytes,
        long memoryBytes,
        double cpuLimit,
        int oomKills) {
    /** A status without isolation details (user, limits, OOM kills). */
    public InstanceStatus(
            String id,
            String app,
            int release,
            String host,
            String address,
            int port,
            long pid,
            InstanceState state,
            int restarts,
            long startedAt,
            String message,
            double cpuPercent,
            long rssBytes) {
        this(
                id,
                app,
                release,
                host,
                address,
                port,
                pid,
                state,
                restarts,
                startedAt,
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
