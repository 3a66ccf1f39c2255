package dev.gantry.proxy;

import java.util.List;

/** Picks an upstream of a route by the configured {@link Balancer}, skipping ones already tried. */
final class LoadBalancer {
    private final Balancer kind;

    LoadBalancer(Balancer kind) {
        this.kind = kind;
    }

    /** The chosen upstream, or null when no eligible one is left. */
    Upstream pick(RouteEntry route, List<Upstream> exclude) {
        return pick(route, exclude, ReleaseSet.ANY);
    }

    /** The chosen upstream among those of {@code set}, or null when no eligible one of them is left. */
    Upstream pick(RouteEntry route, List<Upstream> exclude, ReleaseSet set) {
        return kind == Balancer.ROUND_ROBIN ? roundRobin(route, exclude, set) : leastOutstanding(route, exclude, set);
    }

    /** nginx's smooth weighted round robin: spreads each backend's share evenly over time. */
    private static Upstream roundRobin(RouteEntry r, List<Upstream> exclude, ReleaseSet set) {
        synchronized (r) {
            int best = -1;
            int total = 0;
            for (int i = 0; i < r.upstreams.length; i++) {
                if (!usable(r, i, exclude, set)) continue;
                r.currentWeights[i] += r.weights[i];
                total += r.weights[i];
                if (best < 0 || r.currentWeights[i] > r.currentWeights[best]) best = i;
            }
            if (best < 0) return null;
            r.currentWeights[best] -= total;
            return r.upstreams[best];
        }
    }

    /** Lowest (outstanding + 1) / weight; the scan starts at a rotating index so ties spread. */
    private static Upstream leastOutstanding(RouteEntry r, List<Upstream> exclude, ReleaseSet set) {
        int n = r.upstreams.length;
        if (n == 0) return null;
        int start;
        synchronized (r) {
            start = r.rotation = (r.rotation + 1) % n;
        }
        int best = -1;
        long bestLoad = 0;
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            if (!usable(r, i, exclude, set)) continue;
            long load = r.upstreams[i].outstanding.get() + 1L;
            if (best < 0 || load * r.weights[best] < bestLoad * r.weights[i]) {
                best = i;
                bestLoad = load;
            }
        }
        return best < 0 ? null : r.upstreams[best];
    }

    private static boolean usable(RouteEntry r, int i, List<Upstream> exclude, ReleaseSet set) {
        return set.matches(r.releases[i]) && r.eligible(i) && (exclude == null || !exclude.contains(r.upstreams[i]));
    }
}
