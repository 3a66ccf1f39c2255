package dev.gantry.fleet;

import dev.gantry.fleet.Environment.ProviderKind;
import java.io.IOException;
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

    /** What {@link #up} did: the provider's and Gantry's own changes, and the playbook's result (null: not run). */
    public record UpReport(List<String> changes, PlaybookResult playbook) {
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

    public static Provider provider(ProviderKind kind) {
        return switch (kind) {
            case NETNS -> new NetnsProvider();
            case SSH -> new SshProvider();
        };
    }

    /**
     * Creates what is missing of {@code env}, writes its inventory with {@code vars}, and runs {@code playbook} (none
     * when null) over it.
     */
    public UpReport up(Environment env, AnsiblePlaybook playbook, Map<String, String> vars) throws IOException {
        EnvironmentFiles files = files(env.name());
        List<String> changes = new ArrayList<>();
        if (files.ensureKey()) changes.add("generated the SSH key pair " + files.key());
        changes.addAll(provider(env.provider()).create(env, files));
        if (NetnsProvider.writeIfChanged(files.inventory(), new AnsibleInventory(env, files, vars).text())) {
            changes.add("wrote the inventory " + files.inventory());
        }
        PlaybookResult result = playbook == null ? null : playbook.run(files);
        return new UpReport(changes, result);
    }

    /** Removes the environment's hosts and Gantry's files of it; empty when there was nothing to remove. */
    public List<String> destroy(Environment env) throws IOException {
        EnvironmentFiles files = files(env.name());
        List<String> removed = new ArrayList<>(provider(env.provider()).destroy(env.name(), files));
        removed.addAll(files.delete());
        return removed;
    }

    /** What the provider knows of the environment's hosts. */
    public List<HostState> hosts(Environment env) throws IOException {
        return provider(env.provider()).list(env, files(env.name()));
    }
}
