package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gantry.fleet.AnsiblePlaybook;
import dev.gantry.fleet.EnvironmentFiles;
import dev.gantry.fleet.NetnsProvider;
import dev.gantry.fleet.PlaybookResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input against a real host (root: a netns host of the environment {@code badin}): a playbook failure names the
 * host and the task, a wrong SSH key is named through {@code gantry up}, and deploy/ansible/destroy.yml stops what
 * Gantry left on a host and removes its data directory.
 */
class BadinHostsTest {
    static final Path PLAYBOOKS = Path.of("../deploy/ansible").toAbsolutePath().normalize();

    @TempDir
    static Path dir;

    static GantryRun up;
    static EnvironmentFiles files;

    @BeforeAll
    static void upWithAMissingJdk() throws Exception {
        assumeTrue(NetnsProvider.runningAsRoot(), "skipped: netns hosts need root (run the tests as root)");
        Files.createDirectories(dir.resolve("environments"));
        Files.writeString(dir.resolve("environments/badin.yml"), """
                provider: netns
                network: 10.77.213.0/24
                hosts:
                  - {name: node1, roles: [agent]}
                """);
        files = EnvironmentFiles.of(dir.resolve("data"), "badin");
        up = gantry("up", "badin", "--host-java", "/nonexistent/jdk/bin/java");
    }

    @AfterAll
    static void destroy() {
        if (files == null) return;
        GantryRun destroy = gantry("destroy", "badin");
        assertThat(destroy.exit()).as(destroy.err()).isZero();
    }

    @Test
    void aFailedTaskIsNamedWithItsHost() {
        assertThat(up.exit()).as(up.out()).isEqualTo(Main.FAILURE);
        assertThat(up.err())
                .startsWith("gantry: badin: configuring failed:\n  task 'common : Require a JDK 21 or newer' failed on "
                        + "node1: Gantry needs a JDK 21 or newer at /nonexistent/jdk/bin/java on node1, found: ")
                .contains("No such file or directory");
    }

    @Test
    void aWrongKeyIsNamedByUp() throws Exception {
        Path other = dir.resolve("other-key");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(keygen.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(keygen.exitValue()).isZero();
        Files.writeString(
                dir.resolve("environments/badkey.yml"),
                "provider: ssh\nhosts:\n  - {name: node1, roles: [agent], address: 10.77.213.2, key: " + other + "}\n");

        GantryRun wrongKey = gantry("up", "badkey");

        assertThat(wrongKey.exit()).as(wrongKey.out()).isEqualTo(Main.FAILURE);
        assertThat(wrongKey.err())
                .isEqualTo("gantry: cannot reach 1 of 1 hosts of badkey:\n  host node1: the key " + other
                        + " is refused at root@10.77.213.2:22 (wrong SSH key?)\n");
    }

    @Test
    void destroyPlaybookStopsWhatRunsInTheDataDirectoryAndRemovesIt() throws Exception {
        Path data = files.host("node1").resolve("data");
        List<Long> pids = ssh("cd " + data + " && mkdir -p releases/web/1 && "
                        + "(setsid sleep 600 </dev/null >/dev/null 2>&1 & echo $! > router.pid; echo $!) && "
                        + "cd releases/web/1 && (setsid sleep 601 </dev/null >/dev/null 2>&1 & echo $!)")
                .lines()
                .map(Long::parseLong)
                .toList();
        assertThat(pids).hasSize(2).allMatch(p -> ProcessHandle.of(p).isPresent());
        AnsiblePlaybook destroy = new AnsiblePlaybook(PLAYBOOKS.resolve("destroy.yml"), Duration.ofMinutes(2));

        PlaybookResult result = destroy.run(files);

        assertThat(result.failures()).isEmpty();
        assertThat(result.changed()).containsEntry("node1", 2);
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                    .as("pid " + pid)
                    .isNotEqualTo(java.util.Optional.of(true));
        }
        assertThat(data).doesNotExist();
        assertThat(destroy.run(files).changedTasks())
                .as("a second run changes nothing")
                .isZero();
    }

    private static String ssh(String command) throws Exception {
        Process p = new ProcessBuilder(
                        "ssh",
                        "-i",
                        files.key().toString(),
                        "-o",
                        "UserKnownHostsFile=" + files.knownHosts(),
                        "-o",
                        "StrictHostKeyChecking=yes",
                        "-o",
                        "BatchMode=yes",
                        "root@10.77.213.2",
                        command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static GantryRun gantry(String verb, String env, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                verb,
                env,
                "--environments",
                dir.resolve("environments").toString(),
                "--data-dir",
                dir.resolve("data").toString(),
                "--playbooks",
                PLAYBOOKS.toString()));
        args.addAll(List.of(more));
        return GantryRun.of(args.toArray(String[]::new));
    }
}
