package dev.gantry.fleet;

import dev.gantry.fleet.Environment.ProviderKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Ansible inventory of an environment, as data: every host with its address, port, user and key, a group per
 * role, and the variables the playbooks under {@code deploy/ansible} read ({@code gantry_*}). Host keys are checked
 * against the environment's own known-hosts file (strictly for netns hosts, whose keys Gantry generated).
 */
public record AnsibleInventory(Environment env, EnvironmentFiles files, Map<String, String> vars) {
    /** Where an ssh host keeps Gantry's data; a netns host keeps it in its own directory under the environment's. */
    public static final String SSH_DATA_DIR = "/var/lib/gantry";

    public AnsibleInventory {
        vars = Map.copyOf(vars);
    }

    /** The inventory as Ansible's YAML inventory format reads it. */
    public Map<String, Object> tree() {
        boolean netns = env.provider() == ProviderKind.NETNS;
        Map<String, Object> all = new LinkedHashMap<>();
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("gantry_env", env.name());
        common.put("gantry_provider", env.provider().name().toLowerCase(java.util.Locale.ROOT));
        common.put(
                "ansible_ssh_common_args",
                "-o UserKnownHostsFile=" + files.knownHosts() + " -o StrictHostKeyChecking="
                        + (netns ? "yes" : "accept-new") + " -o IdentitiesOnly=yes");
        if (netns) common.put("ansible_python_interpreter", "/usr/bin/python3");
        new java.util.TreeMap<>(vars).forEach(common::put);
        if (env.redis() != null) common.putAll(redisVars(env.redis()));
        all.put("vars", common);
        Map<String, Object> hosts = new LinkedHashMap<>();
        for (Host h : env.hosts()) hosts.put(h.name(), hostVars(h, netns));
        all.put("hosts", hosts);
        Map<String, Object> children = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            Map<String, Object> members = new LinkedHashMap<>();
            for (Host h : env.with(role)) members.put(h.name(), null);
            children.put(role.word(), Map.of("hosts", members));
        }
        all.put("children", children);
        return Map.of("all", all);
    }

    public String text() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return "# written by gantry up for environment " + env.name() + "; rewritten on every run\n"
                + new Yaml(options).dump(tree());
    }

    private Map<String, Object> hostVars(Host h, boolean netns) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("ansible_host", h.address());
        v.put("ansible_port", h.port());
        v.put("ansible_user", h.user());
        v.put("ansible_ssh_private_key_file", (h.key() != null ? h.key() : files.key()).toString());
        v.put("gantry_address", h.address());
        v.put("gantry_data_dir", netns ? files.host(h.name()).resolve("data").toString() : SSH_DATA_DIR);
        Environment.Redis redis = env.redis();
        if (redis != null && h.name().equals(redis.primary())) v.put("gantry_redis_role", "primary");
        if (redis != null && redis.replicas().contains(h.name())) v.put("gantry_redis_role", "replica");
        if (redis != null && redis.sentinels().contains(h.name())) v.put("gantry_redis_sentinel", true);
        List<String> apps = env.apps().entrySet().stream()
                .filter(e -> e.getValue().contains(h.name()))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        if (!apps.isEmpty()) v.put("gantry_apps", String.join(",", apps));
        return v;
    }

    /**
     * What the {@code redis} role reads of the topology: the primary's address (replicas and sentinels start from
     * it), the name the sentinels monitor it under and their quorum, how many replicas and sentinels there are, and
     * the file holding the password and the control plane's URI (both read on the control machine when used, so the
     * inventory holds no secret).
     */
    private Map<String, Object> redisVars(Environment.Redis redis) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(
                "gantry_redis_primary",
                env.host(redis.primary()).map(Host::address).orElseThrow());
        v.put("gantry_redis_master", RedisUri.master(env.name()));
        v.put("gantry_redis_quorum", RedisUri.quorum(redis));
        v.put("gantry_redis_replicas", redis.replicas().size());
        v.put("gantry_redis_sentinels", redis.sentinels().size());
        v.put("gantry_redis_password_file", files.redisPassword().toString());
        // the control role's URI, read from the file when used, so the inventory holds no secret
        v.put("gantry_redis_uri", "{{ lookup('ansible.builtin.file', '" + files.redisUri() + "') }}");
        return v;
    }
}
