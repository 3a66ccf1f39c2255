package dev.gantry.server.dashboard;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.server.dashboard.Samples.HostSample;
import dev.gantry.server.dashboard.Samples.InstanceSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the dashboard shows, as this control plane knows it, and what changed: each input (an agent's report, the
 * hosts' last reports, the apps, the alerts) updates it and answers the events to send. Used by one thread only
 * ({@link EventStream}'s). An instance is {@code up} while it is READY and its host reports; one its host's report
 * no longer names is GONE.
 */
final class Board {
    static final Duration HOST_SILENCE = Duration.ofSeconds(5);
    private final Map<String, HostCard> hosts = new TreeMap<>();
    private final Map<String, InstanceCard> instances = new TreeMap<>();
    private final Map<String, List<String>> hostInstances = new HashMap<>();
    private final Map<String, AppCard> apps = new TreeMap<>();
    private final Map<String, AlertCard> alerts = new LinkedHashMap<>();
    private final Map<String, HostSample> hostSamples = new TreeMap<>();
    private final Map<String, InstanceSample> instanceSamples = new TreeMap<>();
    private AppWatch.Placed placed = AppWatch.Placed.NONE;

    /** One event to send: its name and its data (a record). */
    record Event(String name, Object data) {}

    /** An agent's report, received at {@code now}: instance changes, the host back up, and samples for later. */
    List<Event> report(AgentReport r, long now) {
        List<Event> out = new ArrayList<>();
        HostCard before = hosts.get(r.host());
        HostCard host = new HostCard(r.host(), true, now, r.cpuPercent(), r.memUsedBytes(), r.memTotalBytes());
        hosts.put(r.host(), host);
        if (before == null || !before.up()) out.add(new Event("host", host));
        hostSamples.put(r.host(), new HostSample(now, r.cpuPercent(), r.memUsedBytes()));
        List<String> ids = new ArrayList<>();
        for (InstanceStatus s : r.instances()) {
            ids.add(s.id());
            InstanceCard card = card(s, true);
            if (changed(instances.put(s.id(), card), card)) out.add(new Event("instance", card));
            instanceSamples.put(
                    s.id(),
                    new InstanceSample(
                            now, s.cpuPercent(), s.memoryBytes(), s.state().name(), null, null, null));
        }
        List<String> was = hostInstances.put(r.host(), ids);
        if (was != null) {
            Set<String> reported = new java.util.HashSet<>(ids);
            for (String id : was) if (!reported.contains(id)) gone(id, out);
        }
        return out;
    }

    /** When this board last took a report of {@code host} (or heard it reported elsewhere); 0 when never. */
    long lastSeen(String host) {
        HostCard h = hosts.get(host);
        return h == null ? 0 : h.lastSeen();
    }

    /** The hosts' last reports to any control plane (epoch millis): down after {@link #HOST_SILENCE}, up again. */
    List<Event> seen(Map<String, Long> lastSeen, long now) {
        List<Event> out = new ArrayList<>();
        lastSeen.forEach((name, at) -> {
            HostCard h = hosts.get(name);
            long last = Math.max(at, h == null ? 0 : h.lastSeen());
            boolean up = now - last <= HOST_SILENCE.toMillis();
            if (h != null && h.up() == up && h.lastSeen() == last) return;
            HostCard next = h == null
                    ? new HostCard(name, up, last, null, null, null)
                    : new HostCard(name, up, last, h.cpu(), h.memoryBytes(), h.memoryTotalBytes());
            hosts.put(name, next);
            if (h == null || h.up() != up) {
                out.add(new Event("host", next));
                hostChanged(name, up, out);
            }
        });
        return out;
    }

    /** The apps as polled: changed ones, and instances whose canary or standby flag moved. */
    List<Event> apps(AppWatch.Polled polled) {
        List<Event> out = new ArrayList<>();
        for (AppCard a : polled.apps()) {
            if (!a.equals(apps.put(a.name(), a))) out.add(new Event("app", a));
        }
        Set<String> names = new java.util.HashSet<>();
        polled.apps().forEach(a -> names.add(a.name()));
        apps.keySet().retainAll(names);
        placed = polled.placed();
        for (InstanceCard i : List.copyOf(instances.values())) {
            InstanceCard next = withPlacement(i);
            if (!next.equals(i)) {
                instances.put(i.id(), next);
                out.add(new Event("instance", next));
            }
        }
        return out;
    }

    /** The alerts as listed now: new and changed ones; one no longer listed is sent once more as resolved. */
    List<Event> alerts(List<AlertCard> now) {
        List<Event> out = new ArrayList<>();
        Map<String, AlertCard> next = new LinkedHashMap<>();
        for (AlertCard a : now) next.put(key(a), a);
        next.forEach((k, a) -> {
            if (!a.equals(alerts.get(k))) out.add(new Event("alert", a));
        });
        Set<String> resolvedNow = new java.util.HashSet<>();
        now.forEach(a -> {
            if (a.state().equals("resolved")) resolvedNow.add(subject(a));
        });
        alerts.forEach((k, a) -> {
            if (!next.containsKey(k) && !a.state().equals("resolved") && !resolvedNow.contains(subject(a)))
                out.add(new Event("alert", resolved(a)));
        });
        alerts.clear();
        alerts.putAll(next);
        return out;
    }

    /** The samples since the last call, with this second's traffic when given; null when there is nothing new. */
    Samples samples(long now, TrafficReader.Second traffic) {
        if (hostSamples.isEmpty() && instanceSamples.isEmpty() && traffic == null) return null;
        Map<String, InstanceSample> inst = new TreeMap<>(instanceSamples);
        if (traffic != null) {
            traffic.instances()
                    .forEach((id, t) -> inst.merge(
                            id,
                            new InstanceSample(null, null, null, null, null, null, null).with(t),
                            (s, x) -> s.with(t)));
        }
        Samples s = new Samples(now, Map.copyOf(hostSamples), inst, traffic == null ? Map.of() : traffic.apps());
        hostSamples.clear();
        instanceSamples.clear();
        return s;
    }

    BoardSnapshot snapshot(long now) {
        return new BoardSnapshot(
                now,
                List.copyOf(hosts.values()),
                List.copyOf(instances.values()),
                List.copyOf(apps.values()),
                List.copyOf(alerts.values()));
    }

    /** The apps shown (for their traffic). */
    Set<String> appNames() {
        Set<String> names = new java.util.TreeSet<>(apps.keySet());
        instances.values().forEach(i -> names.add(i.app()));
        return names;
    }

    /** The ids of the instances shown (for their traffic). */
    Set<String> instanceIds() {
        return instances.keySet();
    }

    private void gone(String id, List<Event> out) {
        InstanceCard i = instances.remove(id);
        if (i == null) return;
        out.add(new Event(
                "instance",
                new InstanceCard(
                        i.id(), i.app(), i.release(), i.host(), "GONE", false, i.restarts(), null, null, null, false)));
    }

    private void hostChanged(String host, boolean up, List<Event> out) {
        for (String id : hostInstances.getOrDefault(host, List.of())) {
            InstanceCard i = instances.get(id);
            if (i == null) continue;
            boolean next = up && i.state().equals(InstanceState.READY.name());
            if (next == i.up()) continue;
            InstanceCard card = new InstanceCard(
                    i.id(),
                    i.app(),
                    i.release(),
                    i.host(),
                    i.state(),
                    next,
                    i.restarts(),
                    i.cpu(),
                    i.memoryBytes(),
                    i.standby(),
                    i.canary());
            instances.put(id, card);
            out.add(new Event("instance", card));
        }
    }

    private InstanceCard card(InstanceStatus s, boolean hostUp) {
        return withPlacement(new InstanceCard(
                s.id(),
                s.app(),
                s.release(),
                s.host(),
                s.state().name(),
                hostUp && s.state() == InstanceState.READY,
                s.restarts(),
                s.cpuPercent(),
                s.memoryBytes(),
                null,
                false));
    }

    private InstanceCard withPlacement(InstanceCard i) {
        return new InstanceCard(
                i.id(),
                i.app(),
                i.release(),
                i.host(),
                i.state(),
                i.up(),
                i.restarts(),
                i.cpu(),
                i.memoryBytes(),
                placed.draining().get(i.id()),
                placed.canaries().contains(i.app() + "@" + i.release()));
    }

    /** Whether anything but the samples' values (CPU, memory) moved. */
    private static boolean changed(InstanceCard before, InstanceCard after) {
        return before == null
                || !before.state().equals(after.state())
                || before.up() != after.up()
                || before.release() != after.release()
                || before.restarts() != after.restarts()
                || !Objects.equals(before.host(), after.host())
                || !Objects.equals(before.standby(), after.standby())
                || before.canary() != after.canary();
    }

    /** An incident: the active one of a rule and group, or each resolved one by when it began. */
    private static String key(AlertCard a) {
        return subject(a) + (a.state().equals("resolved") ? "|resolved@" + a.since() : "");
    }

    private static String subject(AlertCard a) {
        return a.rule() + "|" + a.app() + "|" + a.host();
    }

    private static AlertCard resolved(AlertCard a) {
        return new AlertCard(
                a.rule(),
                a.app(),
                a.instance(),
                a.host(),
                a.severity(),
                "resolved",
                a.since(),
                a.value(),
                a.silenced(),
                a.subjects());
    }
}
