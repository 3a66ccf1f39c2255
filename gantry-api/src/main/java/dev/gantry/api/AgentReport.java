package dev.gantry.api;

import java.util.List;

/**
 * An agent's periodic report.
 *
 * @param host        the agent's host name (its identity)
 * @param address     address at which the router reaches this host's instances
 * @param agentUrl    base URL of the agent's own HTTP endpoint (logs), e.g. http://127.0.0.1:7071
 * @param desiredVersion the version of the desired state the agent has applied
 */
public record AgentReport(String host, String address, String agentUrl, long time, long desiredVersion,
                          List<InstanceStatus> instances, double cpuPercent, long memUsedBytes, long memTotalBytes) {
  public AgentReport {
    instances = instances == null ? List.of() : List.copyOf(instances);
  }
}
