package dev.gantry.api;

/**
 * A host as the control plane sees it through its agent's reports: up while they arrive, lost once its agent has been
 * silent past the failover deadline (its instances are then out of the routes and placed on other hosts).
 *
 * @param host         the agent's host name
 * @param address      where the routers reach its instances
 * @param state        up or lost
 * @param lastSeen     epoch millis of its agent's last report to any control plane
 * @param silentMillis how long ago that was
 */
public record HostStatus(String host, String address, State state, long lastSeen, long silentMillis) {
    /** Whether a host's instances are routed. */
    public enum State {
        /** Its agent reports: its instances are routed. */
        UP,
        /** Its agent is silent past the deadline: its instances are out of the routes and placed elsewhere. */
        LOST
    }
}
