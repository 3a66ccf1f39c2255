package dev.gantry.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnsibleInventoryTest {
    private static final Path DATA = Path.of("/var/lib/gantry-control");

    @Test
    void everyHostHasItsAddressKeyAndDataDirAndEveryRoleIsAGroup() {
        Environment env = EnvironmentParser.parse("""
                provider: netns
                hosts:
                  - {name: node1, roles: [agent, redis]}
                  - {name: node2, roles: [agent]}
                """, "prod", "prod.yml", Path.of("/etc/gantry"));
        EnvironmentFiles files = EnvironmentFiles.of(DATA, "prod");
        Map<String, Object> tree = new AnsibleInventory(env, files, Map.of("gantry_java", "/opt/jdk/bin/java")).tree();

        @SuppressWarnings("unchecked")
        Map<String, Object> all = (Map<String, Object>) tree.get("all");
        assertThat(all.get("vars"))
                .isEqualTo(Map.of(
                        "gantry_env",
                        "prod",
                        "gantry_provider",
                        "netns",
                        "gantry_java",
                        "/opt/jdk/bin/java",
                        "ansible_python_interpreter",
                        "/usr/bin/python3",
                        "ansible_ssh_common_args",
                        "-o UserKnownHostsFile=/var/lib/gantry-control/environments/prod/known_hosts"
                                + " -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes"));
        assertThat(((Map<?, ?>) all.get("hosts")).get("node2"))
                .isEqualTo(Map.of(
                        "ansible_host", "10.77.0.3",
                        "ansible_port", 22,
                        "ansible_user", "root",
                        "ansible_ssh_private_key_file", "/var/lib/gantry-control/environments/prod/id_ed25519",
                        "gantry_address", "10.77.0.3",
                        "gantry_data_dir", "/var/lib/gantry-control/environments/prod/hosts/node2/data"));
        Map<?, ?> children = (Map<?, ?>) all.get("children");
        assertThat(members(children, "redis")).isEqualTo("[node1]");
        assertThat(members(children, "agent")).isEqualTo("[node1, node2]");
        assertThat(members(children, "router")).isEqualTo("[]");
        assertThat(new AnsibleInventory(env, files, Map.of()).text()).contains("ansible_host: 10.77.0.2");
    }

    @Test
    void aHostNamedByTheAppsSectionRunsOnlyThoseApps() {
        Environment env = EnvironmentParser.parse("""
                provider: netns
                hosts:
                  - {name: node1, roles: [agent]}
                  - {name: node2, roles: [agent]}
                  - {name: node3, roles: [agent]}
                apps: {markdown: [node1, node2], hello: [node2]}
                """, "prod", "prod.yml", Path.of("/etc/gantry"));
        Map<?, ?> all = (Map<?, ?>) new AnsibleInventory(env, EnvironmentFiles.of(DATA, "prod"), Map.of())
                .tree()
                .get("all");
        Map<?, ?> hosts = (Map<?, ?>) all.get("hosts");

        assertThat(((Map<?, ?>) hosts.get("node1")).get("gantry_apps")).isEqualTo("markdown");
        assertThat(((Map<?, ?>) hosts.get("node2")).get("gantry_apps")).isEqualTo("hello,markdown");
        assertThat(((Map<?, ?>) hosts.get("node3")).containsKey("gantry_apps")).isFalse();
    }

    @Test
    void theRedisTopologyBecomesEachHostsPartAndTheSentinelsSettings() {
        Environment env = EnvironmentParser.parse("""
                provider: netns
                network: 10.77.9.0/24
                hosts:
                  - {name: node1, roles: [redis]}
                  - {name: node2, roles: [redis]}
                  - {name: node3, roles: [redis]}
                  - {name: node4, roles: [agent]}
                redis: {primary: node1, replicas: [node2, node3], sentinels: [node1, node2, node3]}
                """, "prod", "prod.yml", Path.of("/etc/gantry"));
        EnvironmentFiles files = EnvironmentFiles.of(DATA, "prod");
        Map<String, Object> all = all(new AnsibleInventory(env, files, Map.of()).tree());

        assertThat(map(all.get("vars")))
                .containsEntry("gantry_redis_primary", "10.77.9.2")
                .containsEntry("gantry_redis_master", "gantry-prod")
                .containsEntry("gantry_redis_quorum", 2)
                .containsEntry("gantry_redis_replicas", 2)
                .containsEntry("gantry_redis_sentinels", 3)
                .containsEntry(
                        "gantry_redis_password_file", "/var/lib/gantry-control/environments/prod/redis-password");
        Map<String, Object> hosts = map(all.get("hosts"));
        assertThat(map(hosts.get("node1")))
                .containsEntry("gantry_redis_role", "primary")
                .containsEntry("gantry_redis_sentinel", true);
        assertThat(map(hosts.get("node3"))).containsEntry("gantry_redis_role", "replica");
        assertThat(map(hosts.get("node4"))).doesNotContainKeys("gantry_redis_role", "gantry_redis_sentinel");
        assertThat(RedisUri.of(env, "pw"))
                .isEqualTo("redis-sentinel://pw@10.77.9.2:26379,10.77.9.3:26379,10.77.9.4:26379#gantry-prod");
        assertThat(RedisUri.summary(env.redis()))
                .isEqualTo("primary node1, replicas node2 node3, sentinels on 3 hosts");
    }

    @Test
    void withoutSentinelsTheUriNamesThePrimary() {
        Environment env = EnvironmentParser.parse("""
                provider: netns
                network: 10.77.9.0/24
                hosts: [{name: node1, roles: [redis]}]
                redis: {primary: node1}
                """, "prod", "prod.yml", Path.of("/etc/gantry"));
        assertThat(RedisUri.of(env, "pw")).isEqualTo("redis://pw@10.77.9.2:6379");
        assertThat(RedisUri.summary(env.redis())).isEqualTo("primary node1, no replicas, no sentinels");
    }

    private static Map<String, Object> all(Map<String, Object> tree) {
        return map(tree.get("all"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static String members(Map<?, ?> children, String group) {
        return ((Map<?, ?>) ((Map<?, ?>) children.get(group)).get("hosts"))
                .keySet()
                .toString();
    }
}
