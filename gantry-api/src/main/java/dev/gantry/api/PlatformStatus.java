package dev.gantry.api;

import java.util.List;

/**
 * The control plane, its store and its agents at a glance ({@code gantry status}).
 *
 * @param redis             {@code PONG}, or {@code down: <why>}
 * @param apps              how many apps exist
 * @param instancesReady    instances whose agents report them ready
 * @param instancesDesired  instances placed on hosts
 * @param routeTableVersion the version of the route table routers get now
 * @param caFingerprint     what clients pin to trust the API's HTTPS certificate ({@code sha256:<hex>});
 *                          null when the API serves plain HTTP only
 */
public record PlatformStatus(
        long uptimeSeconds,
        String redis,
        int apps,
        int instancesReady,
        int instancesDesired,
        long routeTableVersion,
        List<AgentStatus> agents,
        String caFingerprint) {
    public PlatformStatus {
        agents = agents == null ? List.of() : List.copyOf(agents);
    }
}
