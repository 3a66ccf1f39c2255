package dev.gantry.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetnsProviderTest {
    @TempDir
    Path data;

    private final NetnsProvider provider = new NetnsProvider();
    private Environment env;
    private EnvironmentFiles files;

    @BeforeEach
    void environment() {
        assumeTrue(NetnsProvider.runningAsRoot(), "skipped: the netns provider needs root (run the tests as root)");
        env = EnvironmentParser.parse("""
                provider: netns
                network: 10.77.201.0/24
                hosts:
                  - {name: node1, roles: [agent]}
                  - {name: node2, roles: [agent]}
                  - {name: node3, roles: [agent]}
                """, "nstest", "nstest.yml", data);
        files = EnvironmentFiles.of(data, env.name());
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (files != null) provider.destroy(env.name(), files);
    }

    @Test
    void threeHostsAnswerSshWithTheGeneratedKeyAsThemselvesAndLeaveNothingBehindWhenDestroyed() throws Exception {
        MachineSnapshot before = MachineSnapshot.take(files.dir());

        files.ensureKey();
        assertThat(Files.getPosixFilePermissions(files.key())).hasToString("[OWNER_READ, OWNER_WRITE]");
        List<String> created = provider.create(env, files);
        assertThat(created).anyMatch(l -> l.startsWith("created bridge gantry-nstest"));
        assertThat(created).filteredOn(l -> l.startsWith("created host")).hasSize(3);

        SshProbe ssh = new SshProbe(files.key(), files.knownHosts(), true);
        for (Host host : env.hosts()) {
            String out = run(ssh.argv(
                    host, host.address(), "hostname; ip route; wc -c < /etc/resolv.conf; ip -o -4 addr show eth0"));
            assertThat(out.lines().toList())
                    .as(host.name())
                    .startsWith(host.name())
                    .doesNotContain("default")
                    .contains("0");
            assertThat(out).contains("inet " + host.address() + "/24");
        }
        assertThat(provider.list(env, files)).extracting(HostState::state).containsOnly(HostState.State.UP);

        assertThat(provider.create(env, files))
                .as("a second create changes nothing")
                .isEmpty();

        List<String> removed = provider.destroy(env.name(), files);
        assertThat(removed).filteredOn(l -> l.startsWith("removed namespace")).hasSize(3);
        files.delete();
        MachineSnapshot after = MachineSnapshot.take(files.dir());
        assertThat(after.namespaces()).isEqualTo(before.namespaces());
        assertThat(after.links()).isEqualTo(before.links());
        assertThat(after.mounts()).isEqualTo(before.mounts());
        assertThat(after.etcNetns()).isEqualTo(before.etcNetns());
        assertThat(after.processNetworks()).isSubsetOf(before.processNetworks());
        assertThat(after.files()).isEqualTo(before.files()).isEqualTo(Set.of());
        assertThat(provider.destroy(env.name(), files))
                .as("a second destroy finds nothing")
                .isEmpty();
        assertThat(provider.list(env, files)).extracting(HostState::state).containsOnly(HostState.State.ABSENT);
    }

    @Test
    void aWrongKeyIsNamedAsRefused() throws Exception {
        files.ensureKey();
        provider.create(env, files);
        Path other = data.resolve("other");
        Exec.run(EnvironmentFiles.keygen(other, "other")).orThrow();
        Host node1 = env.hosts().getFirst();
        Host withOtherKey = new Host(node1.name(), node1.roles(), node1.address(), 22, "root", other);
        HostState state = new SshProbe(files.key(), files.knownHosts(), true).probe(withOtherKey, node1.address());
        assertThat(state.state()).isEqualTo(HostState.State.UNREACHABLE);
        assertThat(state.detail())
                .isEqualTo("the key " + other + " is refused at root@10.77.201.2:22 (wrong SSH key?)");
    }

    private static String run(List<String> argv) throws Exception {
        return Exec.run(argv, Map.of(), null, Duration.ofSeconds(20)).orThrow();
    }
}
