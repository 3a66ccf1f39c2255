package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gantry.fleet.EnvironmentFiles;
import dev.gantry.fleet.MachineSnapshot;
import dev.gantry.fleet.NetnsProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gantry up} with three netns hosts, one running the control plane (HTTPS, private CA): every host answers ssh with the
 * generated key under its own name, every agent joins, a second up changes nothing, and {@code gantry destroy} leaves
 * no namespace, interface, mount, /etc/netns entry, process or file behind. Needs root, ansible-core and sshd.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class FleetTest {
    private static final String NETWORK = "10.77.203";

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        if (Files.exists(dir.resolve("environments/fleet.yml"))) gantry("destroy", "fleet");
    }

    @Test
    void upMakesThreeNamespaceHostsWithAControlPlaneAndJoinedAgentsAndDestroyLeavesNothing() throws Exception {
        assumeTrue(NetnsProvider.runningAsRoot(), "skipped: netns hosts need root (run the tests as root)");
        Path data = dir.resolve("data");
        EnvironmentFiles files = EnvironmentFiles.of(data, "fleet");
        MachineSnapshot before = MachineSnapshot.take(files.dir());
        Files.createDirectories(dir.resolve("environments"));
        Files.writeString(dir.resolve("environments/fleet.yml"), """
                provider: netns
                network: %s.0/24
                hosts:
                  - {name: node1, roles: [control, agent]}
                  - {name: node2, roles: [agent]}
                  - {name: node3, roles: [agent]}
                """.formatted(NETWORK));

        FleetCli.Run up = gantry("up", "fleet");
        assertThat(up.exit()).as(up.out() + up.err()).isZero();
        String control = "https://" + NETWORK + ".2:7070";
        assertThat(up.out())
                .contains("fleet: created bridge gantry-fleet at " + NETWORK + ".1/24")
                .containsPattern("fleet: ansible: [1-9]\\d* changed")
                .contains("fleet: control plane " + control + "; to use it from here:")
                .contains("fleet is up with 3 hosts");
        for (int i = 1; i <= 3; i++) {
            assertThat(ssh(files, NETWORK + "." + (i + 1), "hostname")).isEqualTo("node" + i + "\n");
        }
        // gantry hosts finds the environment's control plane, admin token and CA by itself
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            FleetCli.Run hosts = gantry("hosts", "fleet");
            // the AGENT column: the version each agent reports
            assertThat(hosts.out().lines().filter(l -> l.matches(".* up +\\d+\\.\\d+\\.\\d+\\S* .*")))
                    .as(hosts.out())
                    .hasSize(3);
        });
        assertThat(Files.readString(files.dir().resolve("control-ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(java.nio.file.Files.getPosixFilePermissions(files.dir()))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));

        FleetCli.Run again = gantry("up", "fleet");
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).startsWith("fleet: ansible: 0 changed\n").endsWith("fleet is up; nothing changed\n");

        FleetCli.Run destroyed = gantry("destroy", "fleet");
        assertThat(destroyed.exit()).as(destroyed.err()).isZero();
        assertThat(destroyed.out()).contains("fleet: removed namespace gantry-fleet-node1 (stopped");
        MachineSnapshot after = MachineSnapshot.take(files.dir());
        assertThat(after.namespaces()).isEqualTo(before.namespaces());
        assertThat(after.links()).isEqualTo(before.links());
        assertThat(after.mounts()).isEqualTo(before.mounts());
        assertThat(after.etcNetns()).isEqualTo(before.etcNetns());
        assertThat(after.processNetworks()).isSubsetOf(before.processNetworks());
        assertThat(after.files()).isEmpty();
        assertThat(gantry("destroy", "fleet").out()).isEqualTo("fleet: nothing to destroy\n");
    }

    private static String ssh(EnvironmentFiles files, String address, String command) throws Exception {
        Process p = new ProcessBuilder(
                        "ssh",
                        "-i",
                        files.key().toString(),
                        "-o",
                        "BatchMode=yes",
                        "-o",
                        "IdentitiesOnly=yes",
                        "-o",
                        "StrictHostKeyChecking=yes",
                        "-o",
                        "UserKnownHostsFile=" + files.knownHosts(),
                        "-o",
                        "ConnectTimeout=10",
                        "root@" + address,
                        command)
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ssh " + address).isTrue();
        return new String(p.getInputStream().readAllBytes());
    }

    /** {@code gantry ARGS} in the test's directory, its state under data/. */
    private FleetCli.Run gantry(String... args) throws Exception {
        return new FleetCli(dir).run(args);
    }
}
