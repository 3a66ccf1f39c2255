package dev.gantry.fleet.digitalocean;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.fleet.AnsiblePlaybook;
import dev.gantry.fleet.Environment;
import dev.gantry.fleet.EnvironmentParser;
import dev.gantry.fleet.Fleet;
import dev.gantry.fleet.PlaybookResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gantry destroy} of a digitalocean environment runs the stop playbook on its hosts first, names a host that
 * fails it, and deletes the droplets and Gantry's files all the same. The droplets' addresses are documentation
 * addresses of {@link FakeDigitalOcean}, so the playbook here runs its tasks locally, one run per host, in place of
 * deploy/ansible/destroy.yml (which BadinHostsTest runs on a real host).
 */
class DigitalOceanDestroyTest {
    @TempDir
    Path dir;

    @Test
    void aHostThatFailsToStopIsNamedAndTheDropletsGoAllTheSame() throws Exception {
        try (FakeDigitalOcean fake = new FakeDigitalOcean()) {
            Files.writeString(dir.resolve("do-token"), FakeDigitalOcean.TOKEN + "\n");
            Environment env = EnvironmentParser.parse(
                    """
                    provider: digitalocean
                    digitalocean: {region: fra1, token-file: do-token, api: %s}
                    hosts:
                      - {name: web1, roles: [agent]}
                      - {name: web2, roles: [agent]}
                    """.formatted("http://127.0.0.1:" + fake.uri().getPort()), "prod", "prod.yml", dir);
            Fleet fleet = new Fleet(dir.resolve("data"));
            fleet.up(env, null, e -> Map.of());

            Fleet.DestroyReport report = fleet.destroy(env, stopFailingOn("web2"));

            assertThat(report.failures())
                    .extracting(PlaybookResult.Failure::host, PlaybookResult.Failure::task)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("web2", "Stop Gantry"));
            assertThat(report.removed())
                    .contains("stopped Gantry and removed its files on web1")
                    .anyMatch(l -> l.startsWith("destroyed droplet web1"))
                    .anyMatch(l -> l.startsWith("destroyed droplet web2"));
            assertThat(fake.droplets()).isEmpty();
            assertThat(fleet.files("prod").dir()).doesNotExist();
        }
    }

    /** A playbook run locally for each host that changes something on each, and fails on {@code host}. */
    private AnsiblePlaybook stopFailingOn(String host) throws Exception {
        Path playbooks = Files.createDirectories(dir.resolve("playbooks/callback_plugins"))
                .getParent();
        Files.copy(
                Path.of("../deploy/ansible/callback_plugins/gantry_json.py"),
                playbooks.resolve("callback_plugins/gantry_json.py"));
        Files.writeString(playbooks.resolve("stop.yml"), """
                - name: Stop
                  hosts: all
                  connection: local
                  gather_facts: false
                  tasks:
                    - name: Stop Gantry
                      ansible.builtin.command: "true"
                      changed_when: true
                      failed_when: inventory_hostname == '%s'
                """.formatted(host));
        return new AnsiblePlaybook(playbooks.resolve("stop.yml"), Duration.ofMinutes(2));
    }
}
