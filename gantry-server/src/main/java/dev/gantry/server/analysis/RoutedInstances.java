package dev.gantry.server.analysis;

import dev.gantry.api.Backend;
import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import dev.gantry.api.RouterReport;
import java.util.HashSet;
import java.util.Set;

/**
 * The instances a route table sends requests to, by app, release and instance id: what a router may report
 * traffic for ({@link Traffic#accepting}). The set is built once per table (the latest one is kept) and looked
 * up per sample. Thread-safe.
 */
public final class RoutedInstances {
    private volatile Snapshot last = new Snapshot(RouteTable.EMPTY);

    /** Whether a route of {@code table} has the sample's app, release and instance. */
    public boolean has(RouteTable table, RouterReport.Sample sample) {
        Snapshot s = last;
        if (s.table != table) {
            s = new Snapshot(table);
            last = s;
        }
        return s.instances.contains(new Instance(sample.app(), sample.release(), sample.instance()));
    }

    private static final class Snapshot {
        final RouteTable table;
        final Set<Instance> instances = new HashSet<>();

        Snapshot(RouteTable table) {
            this.table = table;
            for (Route route : table.routes())
                for (Backend b : route.backends()) instances.add(new Instance(route.app(), b.release(), b.id()));
        }
    }

    private record Instance(String app, int release, String id) {}
}
