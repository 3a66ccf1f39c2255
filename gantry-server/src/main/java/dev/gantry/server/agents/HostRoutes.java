package dev.gantry.server.agents;

import dev.gantry.api.AgentReport;
import dev.gantry.api.HostStatus;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** {@code GET /api/v1/hosts}: every host that has an agent, up or lost, with how long its agent has been silent. */
public final class HostRoutes {
    private final Fleet fleet;
    private final Supplier<Set<String>> lost;
    private final Clock clock;

    /** @param lost the hosts the failover has found lost, now */
    public HostRoutes(Fleet fleet, Supplier<Set<String>> lost, Clock clock) {
        this.fleet = fleet;
        this.lost = lost;
        this.clock = clock;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/v1/hosts")
                .summary("Every host with an agent: up, or lost (its agent silent past the deadline, its instances"
                        + " out of the routes and placed elsewhere)")
                .returns(200, Content.jsonList(HostStatus.class))
                .handle(ctx -> ctx.json(hosts()));
    }

    List<HostStatus> hosts() {
        Set<String> gone = lost.get();
        Map<String, Long> seen = fleet.seenEverywhere();
        long now = clock.millis();
        return fleet.agents().stream()
                .sorted(Comparator.comparing(AgentReport::host))
                .map(r -> {
                    long at = seen.getOrDefault(r.host(), 0L);
                    return new HostStatus(
                            r.host(),
                            r.address(),
                            gone.contains(r.host()) ? HostStatus.State.LOST : HostStatus.State.UP,
                            at,
                            Math.max(0, now - at));
                })
                .toList();
    }
}
