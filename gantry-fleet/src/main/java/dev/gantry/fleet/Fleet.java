package dev.gantry.fleet;

import dev.gantry.fleet.digitalocean.DigitalOceanApi;
import dev.gantry.fleet.digitalocean.DigitalOceanProvider;
import dev.gantry.fleet.digitalocean.DropletPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Brings environments up and takes them down: the provider makes the hosts, Gantry writes the SSH key pair and the
 * Ansible inventory, and the playbook configures the hosts. Both directions are idempotent.
 */
public final class Fleet {
    private final Path dataDir;

    /** Environments whose state lives under {@code dataDir/environments}. */
    public Fleet(Path dataDir) {
        this.dataDir = dataDir;
    }

    /**
     * What {@link #up} did: the provider's and Gantry's own changes, the playbook's result (null: not run), and the
     * environment with every host's address.
     */
    public record UpReport(List<String> changes, PlaybookResult playbook, Environment placed) {
        public UpReport {
            changes = List.copyOf(changes);
        }

        /** Nothing was created and no task changed anything. */
        public boolean unchanged() {
            return changes.isEmpty() && (playbook == null || playbook.changedTasks() == 0);
        }
    }

    public EnvironmentFiles files(String env) {
        return EnvironmentFiles.of(dataDir, env);
    }

    /** The provider that makes {@code env}'s hosts. */
    public static Provider provider(Environment env) {
        return switch (env.provider()) {
            case NETNS -> new NetnsProvider();
            case SSH -> new SshProvider();
            case DIGITALOCEAN -> digitalocean(env.digitalocean(), System::getenv);
        };
    }

    /** DigitalOcean's provider with the token from the section's file, else from {@code DIGITALOCEAN_TOKEN}. */
    static Provider digitalocean(Environment.DigitalOcean d, java.util.function.Function<String, String> env) {
        String token;
        try {
            token = d.tokenFile() != null ? Files.readString(d.tokenFile()).strip() : env.apply("DIGITALOCEAN_TOKEN");
        } catch (IOException e) {
            throw new IllegalArgumentException("digitalocean.token-file: cannot read " + d.tokenFile() + ": " + e);
        }
        if (token == null || token.isBlank())
            throw new IllegalArgumentException("digitalocean: no API token: give token-file in the environment file"
                    + " or set DIGITALOCEAN_TOKEN");
        DropletPlan plan = new DropletPlan(
                d.api(), d.region(), d.size(), d.image(), DropletPlan.POLL_EVERY, DropletPlan.READY_TIMEOUT);
        return new DigitalOceanProvider(new DigitalOceanApi(d.api(), token), plan);
    }

    /**
     * Creates what is missing of {@code env}, writes its inventory with the variables {@code vars} gives for the
     * environment with its hosts' addresses, and runs {@code playbook} (none when null) over it.
     */
    public UpReport up(
            Environment env,
            AnsiblePlaybook playbook,
            java.util.function.Function<Environment, Map<String, String>> vars)
            throws IOException {
        EnvironmentFiles files = files(env.name());
        List<String> changes = new ArrayList<>();
        if (files.ensureKey()) changes.add("generated the SSH key pair " + files.key());
        Provider provider = provider(env);
        changes.addAll(provider.create(env, files));
        Environment placed = env.placed(h -> h.address() != null ? h.address() : provider.address(env, h));
        if (env.redis() != null) changes.addAll(redisSecrets(placed, files));
        if (NetnsProvider.writeIfChanged(
                files.inventory(), new AnsibleInventory(placed, files, vars.apply(placed)).text())) {
            changes.add("wrote the inventory " + files.inventory());
        }
        PlaybookResult result = playbook == null ? null : playbook.run(files);
        return new UpReport(changes, result, placed);
    }

    /** The Redis password (generated once) and the URI the control plane connects with, both 0600. */
    private static List<String> redisSecrets(Environment placed, EnvironmentFiles files) throws IOException {
        List<String> changes = new ArrayList<>();
        if (files.ensureRedisPassword()) changes.add("generated the Redis password " + files.redisPassword());
        if (files.writeSecret(files.redisUri(), RedisUri.of(placed, files.readRedisPassword()) + "\n"))
            changes.add("wrote " + files.redisUri());
        return changes;
    }

    /**
     * What {@link #destroy} did: one line per removal (empty: nothing to do), and the hosts where stopping Gantry
     * failed or that could not be reached, with the task.
     */
    public record DestroyReport(List<String> removed, List<PlaybookResult.Failure> failures) {
        public DestroyReport {
            removed = List.copyOf(removed);
            failures = List.copyOf(failures);
        }

        public boolean ok() {
            return failures.isEmpty();
        }
    }

    /** Removes the environment's hosts and Gantry's files of it; empty when there was nothing to remove. */
    public List<String> destroy(Environment env) throws IOException {
        return destroy(env, null).removed();
    }

    /**
     * Takes the environment down. Hosts that are not namespaces (ssh, digitalocean) that {@code gantry up} configured
     * (its inventory exists) first get {@code stop} ({@code deploy/ansible/destroy.yml}: Gantry's processes stopped,
     * its data directory removed; skipped when null); a host that cannot be reached or fails is reported and the rest
     * go on. Then the provider removes the hosts, and Gantry's files of the environment go, except for an ssh
     * environment with failed hosts, whose key and inventory stay so that a second destroy can finish them.
     */
    public DestroyReport destroy(Environment env, AnsiblePlaybook stop) throws IOException {
        EnvironmentFiles files = files(env.name());
        List<String> removed = new ArrayList<>();
        List<PlaybookResult.Failure> failures = new ArrayList<>();
        if (stop != null && env.provider() != Environment.ProviderKind.NETNS && Files.exists(files.inventory())) {
            PlaybookResult result = stop.run(files);
            result.changed().forEach((host, changed) -> {
                if (changed > 0
                        && result.failures().stream().noneMatch(f -> f.host().equals(host)))
                    removed.add("stopped Gantry and removed its files on " + host);
            });
            failures.addAll(result.failures());
        }
        removed.addAll(provider(env).destroy(env.name(), files));
        if (failures.isEmpty() || env.provider() != Environment.ProviderKind.SSH) {
            removed.addAll(files.delete());
        } else {
            removed.add("kept " + files.dir() + " (key and inventory) for another destroy of the failed hosts");
        }
        return new DestroyReport(removed, failures);
    }

    /** What the provider knows of the environment's hosts. */
    public List<HostState> hosts(Environment env) throws IOException {
        return provider(env).list(env, files(env.name()));
    }
}
