package dev.gantry.proxy;

import dev.gantry.api.Backend;
import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The table in force. Readers take a consistent {@link RouteIndex} with one volatile read; an
 * update builds a new index, keeps the run-time state of backends that stay, and retires the
 * ones that left (no new requests, idle connections closed, in-flight requests finish).
 */
final class LiveTable {
  private static final int MAX_IDLE_PER_LOOP = 256;

  private final BackendConnector connector;
  private final Duration drainTimeout;
  private volatile RouteIndex index = RouteIndex.EMPTY;
  private volatile Map<String, Upstream> upstreams = Map.of();

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

  /** Swaps in a new table; returns the upstreams that are new, so they can be probed at once. */
  synchronized List<Upstream> update(RouteTable table) {
    Map<String, Upstream> previous = upstreams;
    Map<String, Upstream> next = new HashMap<>();
    List<Upstream> added = new ArrayList<>();
    List<RouteEntry> entries = new ArrayList<>();
    for (Route route : table.routes()) {
      List<Upstream> routeUpstreams = new ArrayList<>();
      for (Backend b : route.backends()) {
        String key = Upstream.key(route.app(), b);
        Upstream u = next.computeIfAbsent(key, k -> previous.get(k));
        if (u == null) {
          u = new Upstream(route.app(), b, route.healthPath(), connector, MAX_IDLE_PER_LOOP);
          next.put(key, u);
          added.add(u);
        }
        u.refresh(b, route.healthPath());
        routeUpstreams.add(u);
      }
      entries.add(new RouteEntry(route, routeUpstreams));
    }
    index = RouteIndex.of(table, entries);
    upstreams = Map.copyOf(next);
    previous.forEach((key, u) -> {
      if (!next.containsKey(key)) u.retire();
    });
    return added;
  }
}
