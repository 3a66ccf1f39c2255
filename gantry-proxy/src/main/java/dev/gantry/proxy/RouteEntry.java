package dev.gantry.proxy;

import dev.gantry.api.Route;
import java.util.List;

/**
 * One route of the table, compiled: its upstreams with their weights and releases, plus balancing
 * state, and its canary split's run-time state (null without a split).
 */
final class RouteEntry {
    final Route route;
    final Upstream[] upstreams;
    final int[] weights;
    final int[] releases;
    final SplitState split;
    /** Smooth weighted round-robin state, guarded by {@code this}. */
    final int[] currentWeights;

    int rotation;

    RouteEntry(Route route, List<Upstream> upstreams) {
        this(route, upstreams, null);
    }

    RouteEntry(Route route, List<Upstream> upstreams, SplitState split) {
        this.route = route;
        this.upstreams = upstreams.toArray(new Upstream[0]);
        this.weights = route.backends().stream().mapToInt(b -> b.weight()).toArray();
        this.releases = route.backends().stream().mapToInt(b -> b.release()).toArray();
        this.split = split;
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

    /** Whether some backend of {@code set} can take a request now. */
    boolean hasEligible(ReleaseSet set) {
        for (int i = 0; i < upstreams.length; i++) {
            if (set.matches(releases[i]) && eligible(i)) return true;
        }
        return false;
    }
}
