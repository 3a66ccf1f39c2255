package dev.gantry.server.releases;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceSpec;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.apps.Placement;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses the host for a new instance: of the live hosts not lost ({@link HostFailover}), those with room for it
 * ({@link Capacity}: the memory and CPU its app reserves fit beside what is placed there); of those, the one with the
 * fewest instances of the same release of the app (a rolling update, which places the new release while the old one
 * still runs everywhere, spreads it too), then of the app (its instances spread over the hosts), then the most free
 * memory, then the fewest instances in all. Only hosts that may run the app take it: an app some host names (an
 * environment's {@code apps:}, {@code gantry agent --apps}) runs on the hosts that name it, other apps on hosts that
 * name none. When no host has room it says so, naming the app and each host's free memory and CPU,
 * rather than overcommit one.
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

    /**
     * The host for a new instance {@code spec}, beside {@code placements}.
     *
     * @throws IllegalStateException when no agent reports, or no live host has room for it
     */
    String pick(Collection<Placement> placements, InstanceSpec spec) {
        List<AgentReport> reporting = fleet.live(LIVE);
        if (reporting.isEmpty()) {
            throw new IllegalStateException("no agent has reported in the last " + LIVE.toSeconds()
                    + "s; start one with: gantry agent --server URL --token TOKEN");
        }
        List<AgentReport> runs = runs(reporting, spec.app());
        List<AgentReport> live =
                runs.stream().filter(a -> !avoid.contains(a.host())).toList();
        if (live.isEmpty()) live = runs;
        List<Capacity> capacities =
                live.stream().map(a -> Capacity.of(a, placements)).toList();
        return capacities.stream()
                .filter(c -> c.fits(spec.resources()))
                .min(Comparator.comparingLong((Capacity c) -> sameRelease(placements, c.host(), spec))
                        .thenComparingLong(c -> count(placements, c.host(), spec.app()))
                        .thenComparing(
                                Comparator.comparingLong(Capacity::freeBytes).reversed())
                        .thenComparingLong(c -> count(placements, c.host(), null))
                        .thenComparing(Capacity::host))
                .orElseThrow(() -> full(spec, capacities))
                .host();
    }

    /**
     * The hosts that may run {@code app}: those that name it when any does (an environment's {@code apps:}), else
     * those that name no app.
     */
    static List<AgentReport> runs(List<AgentReport> reporting, String app) {
        boolean named = reporting.stream().anyMatch(a -> a.apps().contains(app));
        List<AgentReport> runs = reporting.stream()
                .filter(a -> named ? a.apps().contains(app) : a.apps().isEmpty())
                .toList();
        if (runs.isEmpty()) {
            throw new IllegalStateException("no live host runs " + app + ": every live host names the apps it runs ("
                    + reporting.stream()
                            .map(a -> a.host() + ": " + String.join(",", a.apps()))
                            .collect(Collectors.joining("; "))
                    + "); name " + app + " in the environment's apps: section");
        }
        return runs;
    }

    /** How many instances of {@code spec}'s app and release {@code host} has: a rolling update spreads the new release. */
    private static long sameRelease(Collection<Placement> placements, String host, InstanceSpec spec) {
        return placements.stream()
                .filter(p -> p.host().equals(host)
                        && p.app().equals(spec.app())
                        && p.spec().release() == spec.release())
                .count();
    }

    private static long count(Collection<Placement> placements, String host, String app) {
        return placements.stream()
                .filter(p -> p.host().equals(host) && (app == null || p.app().equals(app)))
                .count();
    }

    private static IllegalStateException full(InstanceSpec spec, List<Capacity> capacities) {
        return new IllegalStateException("no host has room for another instance of " + spec.app() + " ("
                + Capacity.text(spec.resources()) + "): "
                + capacities.stream()
                        .sorted(Comparator.comparing(Capacity::host))
                        .map(Capacity::text)
                        .collect(Collectors.joining("; "))
                + "; add a host, or lower the app's instances or resources");
    }
}
