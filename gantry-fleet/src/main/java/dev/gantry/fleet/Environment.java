package dev.gantry.fleet;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An environment ({@code environments/prod.yml}): the provider that makes its hosts, the hosts and their roles, the
 * Redis topology, which apps run where, and the control plane its agents join. Read by {@link EnvironmentParser}.
 *
 * @param name the file's name without {@code .yml}: lower-case letters and digits, at most 8 (it is part of Linux
 *     interface names, which stop at 15 characters)
 * @param network the {@code netns} provider's private range; unused by {@code ssh}
 * @param apps app name to the hosts it runs on, in the file's order
 * @param control the control plane agents join; null when the file names none (hosts are created and configured
 *     without an agent then)
 */
public record Environment(
        String name,
        ProviderKind provider,
        Subnet network,
        List<Host> hosts,
        Redis redis,
        Map<String, List<String>> apps,
        Control control,
        DigitalOcean digitalocean) {
    public Environment {
        hosts = List.copyOf(hosts);
        apps = Map.copyOf(apps);
    }

    /** The same environment with each host's address as {@code address} gives it (a provider's, once made). */
    public Environment placed(java.util.function.Function<Host, String> address) {
        List<Host> at = hosts.stream()
                .map(h -> new Host(h.name(), h.roles(), address.apply(h), h.port(), h.user(), h.key()))
                .toList();
        return new Environment(name, provider, network, at, redis, apps, control, digitalocean);
    }

    public Optional<Host> host(String hostName) {
        return hosts.stream().filter(h -> h.name().equals(hostName)).findFirst();
    }

    public List<Host> with(Role role) {
        return hosts.stream().filter(h -> h.has(role)).toList();
    }

    /** Which provider makes an environment's hosts. */
    public enum ProviderKind {
        /** Network namespaces on this Linux machine, each with its own sshd (needs root). */
        NETNS,
        /** Existing hosts reached over SSH. */
        SSH,
        /** Droplets made through DigitalOcean's API, one per host, tagged with the environment. */
        DIGITALOCEAN
    }

    /**
     * What the {@code digitalocean} provider makes each host of: region, size and image slugs, the API (the public
     * one unless a test's), and the file holding the API token (null: the environment variable
     * {@code DIGITALOCEAN_TOKEN}).
     */
    public record DigitalOcean(String region, String size, String image, java.net.URI api, Path tokenFile) {}

    /** Redis across the hosts: one primary, replicas, and the hosts that run Sentinel. Null fields: none. */
    public record Redis(String primary, List<String> replicas, List<String> sentinels) {
        public Redis {
            replicas = List.copyOf(replicas);
            sentinels = List.copyOf(sentinels);
        }
    }

    /**
     * The control plane agents join: its URL as seen from the hosts, and the file holding a join token
     * ({@code gantry tokens create NAME --role join}), resolved against the environment file's directory, and the
     * fingerprint of its CA when it serves HTTPS with a CA of its own (null otherwise). The routers of hosts with the
     * router role read the route table with the token in {@code routerTokenFile} ({@code --role router}); null: the
     * file names none, and those hosts get no router.
     */
    public record Control(String url, Path joinTokenFile, String caFingerprint, Path routerTokenFile) {}
}
