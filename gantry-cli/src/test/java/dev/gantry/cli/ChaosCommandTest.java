package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.fleet.NetnsProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gantry chaos cut|heal} refusing what it cannot do, each with the reason; nothing is touched. */
class ChaosCommandTest {
    @TempDir
    Path dir;

    private GantryRun chaos(String verb, String env, String host) {
        return GantryRun.of(
                "chaos",
                verb,
                env,
                host,
                "--environments",
                dir.resolve("environments").toString());
    }

    private void write(String env, String text) throws Exception {
        Files.createDirectories(dir.resolve("environments"));
        Files.writeString(dir.resolve("environments").resolve(env + ".yml"), text);
    }

    @Test
    void anSshEnvironmentIsRefusedNamingItsProvider() throws Exception {
        write("prod", "provider: ssh\nhosts:\n  - {name: web1, roles: [agent], address: 203.0.113.5}\n");
        GantryRun cut = chaos("cut", "prod", "web1");
        assertThat(cut.exit()).isEqualTo(Main.FAILURE);
        assertThat(cut.err())
                .isEqualTo("gantry: gantry chaos works on netns environments only; prod's provider is ssh\n");
    }

    @Test
    void anUnknownHostIsNamedWithTheEnvironmentsHosts() throws Exception {
        write("lab", "provider: netns\nhosts:\n  - {name: node1, roles: [agent]}\n  - {name: node2, roles: [agent]}\n");
        GantryRun heal = chaos("heal", "lab", "node9");
        assertThat(heal.exit()).isEqualTo(Main.FAILURE);
        assertThat(heal.err()).isEqualTo("gantry: no host node9 in environment lab (hosts: node1, node2)\n");
    }

    @Test
    void aHostNotCreatedYetOrNoRootIsSaidPlainly() throws Exception {
        write("lab", "provider: netns\nhosts:\n  - {name: node1, roles: [agent]}\n");
        GantryRun cut = chaos("cut", "lab", "node1");
        assertThat(cut.exit()).isEqualTo(Main.FAILURE);
        assertThat(cut.err())
                .startsWith(
                        NetnsProvider.runningAsRoot()
                                ? "gantry: no host node1 in netns environment lab (no namespace gantry-lab-node1)"
                                : "gantry: the netns provider needs root");
    }

    @Test
    void anUnknownEnvironmentSaysWhereItWasLookedFor() {
        GantryRun cut = chaos("cut", "nope", "node1");
        assertThat(cut.err())
                .isEqualTo("gantry: no environment file " + dir.resolve("environments/nope.yml")
                        + " (give --environments DIR)\n");
    }
}
