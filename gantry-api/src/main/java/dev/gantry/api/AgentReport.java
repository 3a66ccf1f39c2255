package dev.gantry.api;

import java.util.List;

/**
 * An agent's periodic report.
 *
 * @param host        the agent's host name (its identity)
 * @param address     address at which the router reaches this host's instances
 * @param agentUrl    base URL of the agent's own HTTP endpoint (logs), e.g. http://127.0.0.1:7071
 * @param desiredVersion the version of the desired state the agent has applied
 * @param isolation   how the agent keeps instances apart; null from agents that do not say
 * @param cpus        the host's CPU count (what placement reserves CPU from); 0 from agents that do not say
 * @param version     the agent's Gantry version, e.g. {@code 0.1.0-SNAPSHOT+f2de3f2}; null from agents that do not say
 * @param apps        the only apps this host runs (an environment's {@code apps:}, {@code gantry agent --apps}); empty:
 *                    any app that no host names
 */
public record AgentReport(
        String host,
        String address,
        String agentUrl,
        long time,
        long desiredVersion,
        List<InstanceStatus> instances,
        double cpuPercent,
        long memUsedBytes,
        long memTotalBytes,
        Isolation isolation,
        int cpus,
        String version,
        List<String> apps) {
    public AgentReport {
        instances = instances == null ? List.of() : List.copyOf(instances);
        apps = apps == null ? List.of() : List.copyOf(apps);
        if (cpus < 0) throw new IllegalArgumentException("cpus: must be >= 0, was " + cpus);
    }

    /** A report that names no apps: the host runs any app no host names. */
    public AgentReport(
            String host,
            String address,
            String agentUrl,
            long time,
            long desiredVersion,
            List<InstanceStatus> instances,
            double cpuPercent,
            long memUsedBytes,
            long memTotalBytes,
            Isolation isolation,
            int cpus,
            String version) {
        this(
                host,
                address,
                agentUrl,
                time,
                desiredVersion,
                instances,
                cpuPercent,
                memUsedBytes,
                memTotalBytes,
                isolation,
                cpus,
                version,
                List.of());
    }

    /** A report that says nothing of the host's CPU count or the agent's version. */
    public AgentReport(
            String host,
            String address,
            String agentUrl,
            long time,
            long desiredVersion,
            List<InstanceStatus> instances,
            double cpuPercent,
            long memUsedBytes,
            long memTotalBytes,
            Isolation isolation) {
        this(
                host,
                address,
                agentUrl,
                time,
                desiredVersion,
                instances,
                cpuPercent,
                memUsedBytes,
                memTotalBytes,
                isolation,
                0,
                null);
    }

    /** A report that says nothing about isolation. */
    public AgentReport(
            String host,
            String address,
            String agentUrl,
            long time,
            long desiredVersion,
            List<InstanceStatus> instances,
            double cpuPercent,
            long memUsedBytes,
            long memTotalBytes) {
        this(
                host,
                address,
                agentUrl,
                time,
                desiredVersion,
                instances,
                cpuPercent,
                memUsedBytes,
                memTotalBytes,
                null,
                0,
                null);
    }

    /**
     * How an agent isolates its instances.
     *
     * @param user    the account instances run as unless their gantry.yml names one (the agent's own account
     *                when the agent does not run as root)
     * @param cgroups which cgroup version enforces {@code resources}; {@link CgroupVersion#NONE}: limits are not enforced
     * @param problem why cgroups cannot be used, with {@link CgroupVersion#NONE}; null otherwise
     */
    public record Isolation(String user, CgroupVersion cgroups, String problem) {}

    /** The cgroup hierarchy an agent puts its instances in. */
    public enum CgroupVersion {
        /** cgroup v1: the memory and cpu controllers' own hierarchies */
        V1,
        /** cgroup v2: the unified hierarchy with the memory and cpu controllers */
        V2,
        /** no cgroup controller can be written: resource limits are not enforced */
        NONE
    }
}
