package dev.gantry.fleet.digitalocean;

import dev.gantry.fleet.Environment;
import dev.gantry.fleet.EnvironmentFiles;
import dev.gantry.fleet.Host;
import dev.gantry.fleet.HostState;
import dev.gantry.fleet.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * The brief's provider: one droplet per host, made with the environment's SSH key (added to the account once, as
 * {@code gantry-ENV}) and tagged {@code gantry-ENV}, so that listing and destroying go by the tag and never touch
 * another droplet of the account. A droplet is found by its tag and name, so a second {@code create} makes nothing
 * and says nothing; {@code destroy} deletes by tag and waits until none is left. The account's SSH key stays (other
 * environments' droplets may use it; remove it in the control panel).
 */
public final class DigitalOceanProvider implements Provider {
    private final DigitalOceanApi api;
    private final DropletPlan plan;
    private final LongConsumer sleeper;
    private final Map<String, String> addresses = new ConcurrentHashMap<>();

    public DigitalOceanProvider(DigitalOceanApi api, DropletPlan plan) {
        this(api, plan, DigitalOceanProvider::sleep);
    }

    DigitalOceanProvider(DigitalOceanApi api, DropletPlan plan, LongConsumer sleeper) {
        this.api = api;
        this.plan = plan;
        this.sleeper = sleeper;
    }

    /** The tag every droplet of environment {@code env} carries. */
    public static String tag(String env) {
        return "gantry-" + env;
    }

    @Override
    public List<String> create(Environment env, EnvironmentFiles files) throws IOException {
        List<String> lines = new ArrayList<>();
        if (files.ensureKey()) lines.add("generated the SSH key " + files.key());
        long key = api.ensureKey(tag(env.name()), Files.readString(files.publicKey()));
        Map<String, Droplet> existing = byName(api.dropletsTagged(tag(env.name())));
        List<String> made = new ArrayList<>();
        for (Host h : env.hosts()) {
            if (existing.containsKey(h.name())) continue;
            Droplet d = api.create(h.name(), plan.region(), plan.size(), plan.image(), key, List.of(tag(env.name())));
            lines.add("created droplet " + h.name() + " (id " + d.id() + ", " + plan.size() + " in " + plan.region()
                    + ")");
            made.add(h.name());
        }
        Map<String, Droplet> ready = awaitActive(env);
        for (String name : made)
            lines.add("droplet " + name + " is active at " + ready.get(name).publicIpv4());
        return lines;
    }

    @Override
    public List<HostState> list(Environment env, EnvironmentFiles files) throws IOException {
        Map<String, Droplet> found = byName(api.dropletsTagged(tag(env.name())));
        List<HostState> out = new ArrayList<>();
        for (Host h : env.hosts()) {
            Droplet d = found.get(h.name());
            if (d == null)
                out.add(new HostState(
                        h.name(),
                        null,
                        HostState.State.ABSENT,
                        "no droplet tagged " + tag(env.name()) + " has this name"));
            else if (d.active()) out.add(new HostState(h.name(), d.publicIpv4(), HostState.State.UP, ""));
            else
                out.add(new HostState(
                        h.name(),
                        d.publicIpv4(),
                        HostState.State.UNREACHABLE,
                        "droplet " + d.id() + " is " + d.status()));
        }
        return out;
    }

    @Override
    public List<String> destroy(String env, EnvironmentFiles files) throws IOException {
        List<Droplet> tagged = api.dropletsTagged(tag(env));
        if (tagged.isEmpty()) return List.of();
        api.deleteTagged(tag(env));
        long deadline = System.nanoTime() + plan.readyTimeout().toNanos();
        List<Droplet> left = api.dropletsTagged(tag(env));
        while (!left.isEmpty()) {
            if (System.nanoTime() > deadline)
                throw new IOException(
                        "droplets still there " + plan.readyTimeout().toSeconds() + " s after deleting" + " the tag "
                                + tag(env) + ": " + names(left));
            sleeper.accept(plan.pollEvery().toMillis());
            left = api.dropletsTagged(tag(env));
        }
        List<String> lines = new ArrayList<>();
        for (Droplet d : tagged) {
            lines.add("destroyed droplet " + d.name() + " (id " + d.id() + ")");
            addresses.remove(d.name());
        }
        return lines;
    }

    @Override
    public String address(Environment env, Host host) {
        String known = addresses.get(host.name());
        if (known != null) return known;
        try {
            byName(api.dropletsTagged(tag(env.name())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String found = addresses.get(host.name());
        if (found == null)
            throw new IllegalStateException("host " + host.name() + " has no droplet with a public address yet");
        return found;
    }

    /** Waits until every host's droplet is active with a public address; they by name. */
    private Map<String, Droplet> awaitActive(Environment env) throws IOException {
        long deadline = System.nanoTime() + plan.readyTimeout().toNanos();
        while (true) {
            Map<String, Droplet> found = byName(api.dropletsTagged(tag(env.name())));
            List<String> waiting = env.hosts().stream()
                    .map(Host::name)
                    .filter(n -> found.get(n) == null || !found.get(n).active())
                    .toList();
            if (waiting.isEmpty()) return found;
            if (System.nanoTime() > deadline)
                throw new IOException("droplets not active within "
                        + plan.readyTimeout().toSeconds() + " s: " + String.join(", ", waiting));
            sleeper.accept(plan.pollEvery().toMillis());
        }
    }

    /** The droplets by name (the oldest of a name when there are several), remembering their addresses. */
    private Map<String, Droplet> byName(List<Droplet> droplets) {
        Map<String, Droplet> out = new LinkedHashMap<>();
        for (Droplet d : droplets) {
            Droplet first = out.putIfAbsent(d.name(), d);
            if (first == null && d.publicIpv4() != null) addresses.put(d.name(), d.publicIpv4());
        }
        return out;
    }

    private static String names(List<Droplet> droplets) {
        return String.join(", ", droplets.stream().map(Droplet::name).toList());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
