package dev.gantry.proxy;

import dev.gantry.api.Backend;
import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table in force. Readers take a consistent {@link RouteIndex} with one volatile read; an
 * update builds a new index, keeps the run-time state of backends that stay, and retires the
 * ones that left (no new requests, idle connections closed, in-flight requests finish; or, when it left with
 * weight, in-flight idempotent requests go to other backends). WebSockets
 * to a backend that left or went to weight 0 close after the drain timeout; when the backend
 * comes back with a weight before that, they stay open.
 */
final class LiveTable {
    private static final int MAX_IDLE_PER_LOOP = 256;

    private final BackendConnector connector;
    private final Duration drainTimeout;
    private volatile RouteIndex index = RouteIndex.EMPTY;
    private volatile Map<String, Upstream> upstreams = Map.of();
    private volatile Map<SplitState.Key, SplitState> splits = Map.of();
    /** Backends that left the table with WebSockets still open; guarded by {@code this}. */
    private final Map<String, Upstream> draining = new HashMap<>();

    /** @param drainTimeout how long WebSockets to a backend that leaves or goes to weight 0 stay open */
    LiveTable(BackendConnector connector, Duration drainTimeout) {
        this.connector = connector;
        this.drainTimeout = drainTimeout;
    }

    RouteIndex index() {
        return index;
    }

    List<Upstream> upstreams() {
        return List.copyOf(upstreams.values());
    }

    /** The canary splits in force, with their run-time state. */
    List<SplitState> splits() {
        return List.copyOf(splits.values());
    }

    /** Swaps in a new table; returns the upstreams that are new, so they can be probed at once. */
    synchronized List<Upstream> update(RouteTable table) {
        Map<String, Upstream> previous = upstreams;
        Map<String, Upstream> next = new HashMap<>();
        Set<Upstream> weighted = new HashSet<>();
        List<Upstream> added = new ArrayList<>();
        List<RouteEntry> entries = new ArrayList<>();
        Map<SplitState.Key, SplitState> previousSplits = splits;
        Map<SplitState.Key, SplitState> nextSplits = new HashMap<>();
        for (Route route : table.routes()) {
            List<Upstream> routeUpstreams = new ArrayList<>();
            for (Backend b : route.backends()) {
                String key = Upstream.key(route.app(), b);
                Upstream u = next.get(key);
                if (u == null) u = previous.get(key);
                if (u == null) {
                    u = revived(key);
                    if (u == null) u = new Upstream(route.app(), b, route.healthPath(), connector, MAX_IDLE_PER_LOOP);
                    added.add(u);
                }
                next.put(key, u);
                u.refresh(b, route.healthPath());
                if (b.weight() > 0) weighted.add(u);
                routeUpstreams.add(u);
            }
            entries.add(new RouteEntry(route, routeUpstreams, split(route, previousSplits, nextSplits)));
        }
        index = RouteIndex.of(table, entries);
        upstreams = Map.copyOf(next);
        splits = Map.copyOf(nextSplits);
        drainOrKeep(next, weighted);
        previous.forEach((key, u) -> {
            if (!next.containsKey(key)) leave(key, u);
        });
        return added;
    }

    /** The state of the route's split: the one in force when the app's split is unchanged (a trip stays), else new. */
    private static SplitState split(
            Route route, Map<SplitState.Key, SplitState> previous, Map<SplitState.Key, SplitState> next) {
        if (route.canary() == null) return null;
        SplitState.Key key = new SplitState.Key(route.app(), route.canary());
        return next.computeIfAbsent(key, k -> {
            SplitState kept = previous.get(k);
            return kept != null ? kept : new SplitState(k.app(), k.split());
        });
    }

    /** A backend that left but is back while its WebSockets still drain, or null. */
    private Upstream revived(String key) {
        Upstream u = draining.remove(key);
        if (u == null || !u.hasTunnels()) return null;
        u.revive();
        return u;
    }

    /** WebSockets to a backend at weight 0 close after the drain timeout; a weight again cancels that. */
    private void drainOrKeep(Map<String, Upstream> next, Set<Upstream> weighted) {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        for (Upstream u : next.values()) {
            if (weighted.contains(u)) {
                u.keepTunnels();
            } else {
                u.drainTunnels(deadline);
            }
        }
    }

    /**
     * Retires a backend that left; it stays known while its WebSockets drain, in case it comes back. One that left
     * with weight, without the drain at weight 0 that an orderly stop has, is gone (its host was lost, it crashed):
     * its requests in flight are sent to other backends where that is safe, instead of waiting for their timeout.
     */
    private void leave(String key, Upstream u) {
        u.retire();
        if (u.backend().weight() > 0) u.pool.resendInFlight();
        u.drainTunnels(System.nanoTime() + drainTimeout.toNanos());
        draining.values().removeIf(d -> !d.hasTunnels());
        if (u.hasTunnels()) draining.put(key, u);
    }
}
