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

    private static String members(Map<?, ?> children, String group) {
        return ((Map<?, ?>) ((Map<?, ?>) children.get(group)).get("hosts"))
                .keySet()
                .toString();
    }
}
