package dev.gantry.server.releases;

import dev.gantry.api.AgentReport;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.apps.Placement;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Chooses the host for a new instance: the live host with the fewest placements. */
final class HostPicker {
    static final Duration LIVE = Duration.ofSeconds(15);
    private final Fleet fleet;

    HostPicker(Fleet fleet) {
        this.fleet = fleet;
    }

    String pick(Collection<Placement> placements) {
        List<AgentReport> live = fleet.live(LIVE);
        if (live.isEmpty()) {
            throw new IllegalStateException("no agent has reported in the last " + LIVE.toSeconds()
                    + "s; start one with: gantry agent --server URL --token TOKEN");
        }
        return live.stream()
                .min(Comparator.comparingLong((AgentReport a) -> placements.stream()
                                .filter(p -> p.host().equals(a.host()))
                                .count())
                        .thenComparing(AgentReport::host))
                .orElseThrow()
                .host();
    }
}
