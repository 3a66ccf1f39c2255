package dev.gantry.server.dashboard;

import java.util.List;

/** Everything the dashboard shows, sent first on every event stream (the {@code snapshot} event). */
public record BoardSnapshot(
        long at, List<HostCard> hosts, List<InstanceCard> instances, List<AppCard> apps, List<AlertCard> alerts) {}
