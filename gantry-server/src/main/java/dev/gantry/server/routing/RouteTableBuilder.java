package dev.gantry.server.routing;

import dev.gantry.api.AgentReport;
import dev.gantry.api.Backend;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.Route;
import dev.gantry.server.apps.AppRecord;
import dev.gantry.server.apps.Placement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the routes as a value from what should run (placements) and what runs (agent reports): an
 * instance is routed when it is desired and its agent says it is READY; a draining one gets weight 0.
 */
public final class RouteTableBuilder {
    private RouteTableBuilder() {}

    public static List<Route> routes(
            Collection<AppRecord> apps, Collection<Placement> placements, Collection<AgentReport> reports) {
        return routes(apps, placements, reports, Map.of());
    }

    /** With the canary split of each app that has a running canary. */
    public static List<Route> routes(
            Collection<AppRecord> apps,
            Collection<Placement> placements,
            Collection<AgentReport> reports,
            Map<String, Route.CanarySplit> splits) {
        // keyed by host and instance: only the agent of the host an instance is placed on speaks for it
        Map<List<String>, InstanceStatus> ready = new HashMap<>();
        Map<List<String>, String> addressOf = new HashMap<>();
        for (AgentReport r : reports) {
            for (InstanceStatus s : r.instances()) {
                if (s.state() == InstanceState.READY) {
                    ready.put(List.of(r.host(), s.id()), s);
                    addressOf.put(List.of(r.host(), s.id()), s.address() == null ? r.address() : s.address());
                }
            }
        }
        List<Route> routes = new ArrayList<>();
        for (AppRecord app : apps) {
            List<Backend> backends = placements.stream()
                    .filter(p -> p.app().equals(app.name()) && ready.containsKey(key(p)))
                    .sorted(Comparator.comparing(Placement::id))
                    .map(p -> backend(p, ready.get(key(p)), addressOf.get(key(p))))
                    .toList();
            var r = app.spec().route();
            routes.add(new Route(
                    app.name(),
                    r.host(),
                    r.path(),
                    app.spec().health(),
                    backends,
                    r.tls(),
                    r.tlsRedirect(),
                    splits.get(app.name())));
        }
        return routes;
    }

    private static List<String> key(Placement p) {
        return List.of(p.host(), p.id());
    }

    private static Backend backend(Placement p, InstanceStatus s, String address) {
        return new Backend(p.id(), address, s.port(), p.spec().release(), p.draining() ? 0 : 100);
    }
}
