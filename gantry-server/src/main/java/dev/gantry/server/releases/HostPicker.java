package dev.gantry.server.releases;

import dev.gantry.api.AgentReport;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.apps.Placement;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Chooses the host for a new instance: of the live hosts not lost ({@link HostFailover}), the one with the fewest
 * instances of the same app (an app's instances spread over the hosts), then the fewest instances in all.
 */
final class HostPicker {
    static final Duration LIVE = Duration.ofSeconds(15);
    private final Fleet fleet;
    private volatile Set<String> avoid = Set.of();

    HostPicker(Fleet fleet) {
        this.fleet = fleet;
    }

    /** From now on no instance goes to these hosts (lost ones), unless no other host is live. */
    void avoid(Set<String> hosts) {
        avoid = Set.copyOf(hosts);
    }

    String pick(Collection<Placement> placements, String app) {
        List<AgentReport> reporting = fleet.live(LIVE);
        List<AgentReport> live =
                reporting.stream().filter(a -> !avoid.contains(a.host())).toList();
        if (live.isEmpty()) live = reporting;
        if (live.isEmpty()) {
            throw new IllegalStateException("no agent has reported in the last " + LIVE.toSeconds()
                    + "s; start one with: gantry agent --server URL --token TOKEN");
        }
        return live.stream()
                .min(Comparator.comparingLong((AgentReport a) -> placements.stream()
                                .filter(p ->
                                        p.host().equals(a.host()) && p.app().equals(app))
                                .count())
                        .thenComparingLong((AgentReport a) -> placements.stream()
                                .filter(p -> p.host().equals(a.host()))
                                .count())
                        .thenComparing(AgentReport::host))
                .orElseThrow()
                .host();
    }
}
