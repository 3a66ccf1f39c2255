package dev.gantry.api;

import java.util.List;

/** Everything the router needs, as one value. A higher version replaces a lower one. */
public record RouteTable(long version, List<Route> routes) {
    public static final RouteTable EMPTY = new RouteTable(0, List.of());

    public RouteTable {
        routes = routes == null ? List.of() : List.copyOf(routes);
    }
}
