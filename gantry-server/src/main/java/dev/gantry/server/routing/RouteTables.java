package dev.gantry.server.routing;

import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The current route table. Versions only grow: a new table gets max(last + 1, now in millis), so
 * a restarted control plane still hands routers a version newer than the one they hold.
 */
public final class RouteTables {
    private final Supplier<List<Route>> source;
    private final Clock clock;
    private final List<Consumer<RouteTable>> listeners = new CopyOnWriteArrayList<>();
    private volatile RouteTable current = RouteTable.EMPTY;

    public RouteTables(Supplier<List<Route>> source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    public void onChange(Consumer<RouteTable> listener) {
        listeners.add(listener);
    }

    public RouteTable current() {
        return current;
    }

    /** Recomputes the table; tells listeners when it changed. */
    public synchronized RouteTable refresh() {
        List<Route> routes = source.get();
        if (!routes.equals(current.routes())) {
            current = new RouteTable(Math.max(current.version() + 1, clock.millis()), routes);
            listeners.forEach(l -> l.accept(current));
        }
        return current;
    }
}
