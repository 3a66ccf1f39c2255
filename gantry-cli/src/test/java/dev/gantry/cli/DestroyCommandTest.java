package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.fleet.AnsibleInventory;
import dev.gantry.fleet.EnvironmentFiles;
import dev.gantry.fleet.EnvironmentParser;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gantry up} and {@code gantry destroy} of an ssh environment whose host does not answer. */
class DestroyCommandTest {
    @TempDir
    Path dir;

    int closed;

    @BeforeEach
    void anSshEnvironmentWhoseHostDoesNotAnswer() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // nothing listens here once the socket is closed
        }
        Files.createDirectories(dir.resolve("environments"));
        Files.writeString(
                dir.resolve("environments/gone.yml"),
                "provider: ssh\nhosts:\n  - {name: web1, roles: [agent], address: 127.0.0.1, port: " + closed + "}\n");
    }

    @Test
    void upNamesTheHostThatCannotBeReachedAndExitsOne() {
        GantryRun up = gantry("up", "gone");

        assertThat(up.exit()).as(up.out()).isEqualTo(Main.FAILURE);
        assertThat(up.err())
                .isEqualTo("gantry: cannot reach 1 of 1 hosts of gone:\n  host web1: connection refused at "
                        + "root@127.0.0.1:" + closed + " (no sshd listening?)\n");
    }

    @Test
    void destroyNamesTheHostItCouldNotCleanKeepsTheKeyForARetryAndExitsOne() throws Exception {
        EnvironmentFiles files = configuredAsUpWouldHave();

        GantryRun destroy = gantry("destroy", "gone");

        assertThat(destroy.exit()).as(destroy.out()).isEqualTo(Main.FAILURE);
        assertThat(destroy.err())
                .startsWith("gantry: gone: 1 host(s) could not be cleaned:\n  task 'Stop Gantry's systemd units' "
                        + "failed on web1: ")
                .contains("127.0.0.1"); // ssh's own words vary: "Connection refused", or a broken pipe when piped
        assertThat(destroy.out())
                .isEqualTo("gone: kept " + files.dir() + " (key and inventory) for another destroy"
                        + " of the failed hosts\n");
        assertThat(files.key()).exists();
        assertThat(files.inventory()).exists();
    }

    @Test
    void destroyOfAnSshEnvironmentThatWasNeverConfiguredFindsNothingToDo() {
        GantryRun destroy = gantry("destroy", "gone");

        assertThat(destroy.exit()).as(destroy.err()).isZero();
        assertThat(destroy.out()).isEqualTo("gone: nothing to destroy\n");
    }

    /** The key pair and the inventory gantry up writes once the host has answered. */
    private EnvironmentFiles configuredAsUpWouldHave() throws Exception {
        Path file = dir.resolve("environments/gone.yml");
        var env = EnvironmentParser.parse(Files.readString(file), "gone", file.toString(), file.getParent());
        EnvironmentFiles files = EnvironmentFiles.of(dir.resolve("data"), "gone");
        files.ensureKey();
        Files.writeString(files.inventory(), new AnsibleInventory(env, files, Map.of()).text());
        return files;
    }

    private GantryRun gantry(String verb, String env) {
        return GantryRun.of(
                verb,
                env,
                "--environments",
                dir.resolve("environments").toString(),
                "--data-dir",
                dir.resolve("data").toString(),
                "--playbooks",
                Path.of("../deploy/ansible").toAbsolutePath().normalize().toString());
    }
}
