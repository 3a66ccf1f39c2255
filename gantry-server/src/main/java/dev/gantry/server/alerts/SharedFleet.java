package dev.gantry.server.alerts;

import dev.gantry.api.AgentReport;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.store.Redis;
import java.util.List;
import java.util.Map;

/**
 * The agents as every control plane on one Redis sees them, read once per round: when each host last reported
 * (to any control plane, {@link Fleet#SEEN}) and the latest reports still kept. Control planes sharing a Redis thus
 * measure the same values, whichever of them an agent reports to, and none thinks a host down because its agent
 * reports elsewhere.
 */
final class SharedFleet {
    private final Redis redis;
    private volatile Map<String, Long> seen = Map.of();
    private volatile List<AgentReport> reports = List.of();

    SharedFleet(Redis redis) {
        this.redis = redis;
    }

    /** Reads the hosts and their reports again. */
    void refresh() {
        Map<String, Long> now = new java.util.TreeMap<>();
        redis.sync().hgetall(Fleet.SEEN).forEach((host, at) -> now.put(host, Long.parseLong(at)));
        seen = now;
        reports = Fleet.shared(redis, now.keySet());
    }

    /** Every host that ever reported, with when it last did. */
    Map<String, Long> seen() {
        return seen;
    }

    /** The latest reports of the hosts that reported within the last minute. */
    List<AgentReport> agents() {
        return reports;
    }
}
