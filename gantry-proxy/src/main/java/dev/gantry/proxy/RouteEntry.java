package dev.gantry.proxy;

import dev.gantry.api.Route;
import java.util.List;

/** One route of the table, compiled: its upstreams and their weights, plus balancing state. */
final class RouteEntry {
    final Route route;
    final Upstream[] upstreams;
    final int[] weights;
    /** Smooth weighted round-robin state, guarded by {@code this}. */
    final int[] currentWeights;

    int rotation;

    RouteEntry(Route route, List<Upstream> upstreams) {
        this.route = route;
        this.upstreams = upstreams.toArray(new Upstream[0]);
        this.weights = route.backends().stream().mapToInt(b -> b.weight()).toArray();
        this.currentWeights = new int[weights.length];
    }

    /** Path prefix match on segment boundaries: "/api" matches "/api", "/api/x", "/api?q" but not "/apix". */
    boolean matchesPath(String uri) {
        String prefix = route.pathPrefix();
        if (!uri.startsWith(prefix)) return false;
        if (prefix.endsWith("/") || uri.length() == prefix.length()) return true;
        char next = uri.charAt(prefix.length());
        return next == '/' || next == '?' || next == '#';
    }

    boolean eligible(int i) {
        Upstream u = upstreams[i];
        return weights[i] > 0 && u.healthy() && !u.retired();
    }
}
