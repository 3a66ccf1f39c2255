package dev.gantry.proxy;

import dev.gantry.api.RouteTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The route table compiled for lookup: host (lower case, no port) to routes, longest prefix first. */
final class RouteIndex {
    static final RouteIndex EMPTY = new RouteIndex(RouteTable.EMPTY, Map.of());

    final RouteTable table;
    private final Map<String, List<RouteEntry>> byHost;

    RouteIndex(RouteTable table, Map<String, List<RouteEntry>> byHost) {
        this.table = table;
        this.byHost = byHost;
    }

    static RouteIndex of(RouteTable table, List<RouteEntry> entries) {
        Map<String, List<RouteEntry>> byHost = new HashMap<>();
        for (RouteEntry e : entries) {
            byHost.computeIfAbsent(e.route.host().toLowerCase(Locale.ROOT), h -> new ArrayList<>())
                    .add(e);
        }
        byHost.values()
                .forEach(l -> l.sort(Comparator.comparingInt(
                                (RouteEntry e) -> e.route.pathPrefix().length())
                        .reversed()));
        return new RouteIndex(table, byHost);
    }

    /** The route for this Host header and request URI, or null. */
    RouteEntry find(String hostHeader, String uri) {
        if (hostHeader == null) return null;
        List<RouteEntry> routes = byHost.get(normalizeHost(hostHeader));
        if (routes == null) return null;
        for (int i = 0; i < routes.size(); i++) {
            RouteEntry e = routes.get(i);
            if (e.matchesPath(uri)) return e;
        }
        return null;
    }

    /** "Example.COM:8080" -> "example.com"; "[::1]:80" -> "[::1]". Allocates only when it must. */
    static String normalizeHost(String host) {
        int end = host.length();
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && host.indexOf(']', colon) < 0) end = colon;
        String h = end == host.length() ? host : host.substring(0, end);
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c >= 'A' && c <= 'Z') return h.toLowerCase(Locale.ROOT);
        }
        return h;
    }
}
