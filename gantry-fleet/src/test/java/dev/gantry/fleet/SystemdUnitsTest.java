package dev.gantry.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units the agent and router roles write on ssh and digitalocean hosts, rendered by Ansible's own template
 * module with the roles' variables (systemd cannot run here, so the units are checked as text, and with
 * {@code systemd-analyze verify} where it is installed); and the supervised process's script runs the same command.
 */
class SystemdUnitsTest {
    private static final Path ROLES =
            Path.of("../deploy/ansible/roles").toAbsolutePath().normalize();
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    @Test
    void theRoutersUnitRunsTheRouterOnTheHostsAddressAndRestartsAlways() throws Exception {
        String unit = render("router", "gantry-router.service.j2", "gantry-router.service");
        assertThat(unit)
                .contains("ExecStart=\"" + JAVA + "\" -XX:+UseSerialGC -jar \"/var/lib/gantry/gantry.jar\" router"
                        + " --name \"web1\" --bind \"203.0.113.5\" --port 8080 --no-tls --data-dir \"/var/lib/gantry\""
                        + " --server \"https://10.0.0.1:7070\" --token-file \"/var/lib/gantry/router-token\""
                        + " --ca-fingerprint \"sha256:ab12\"\n")
                .contains("Restart=always\n", "WantedBy=multi-user.target\n");
        verify(dir.resolve("gantry-router.service"));
    }

    @Test
    void theAgentsUnitJoinsWithItsTokenRestartsAlwaysAndLeavesTheInstancesRunningWhenStopped() throws Exception {
        String unit = render("agent", "gantry-agent.service.j2", "gantry-agent.service");
        assertThat(unit)
                .contains("ExecStart=\"" + JAVA + "\" -XX:+UseSerialGC -jar \"/var/lib/gantry/gantry.jar\" agent"
                        + " --host \"web1\" --address \"203.0.113.5\" --data-dir \"/var/lib/gantry\""
                        + " --server \"https://10.0.0.1:7070\" --join-token-file \"/var/lib/gantry/join-token\""
                        + " --ca-fingerprint \"sha256:ab12\"\n")
                .contains("Restart=always\n", "KillMode=process\n");
        verify(dir.resolve("gantry-agent.service"));
    }

    @Test
    void theSupervisedRouterRunsTheSameCommandInItsRestartLoop() throws Exception {
        String script = render("router", "gantry-router.sh.j2", "gantry-router.sh");
        assertThat(script)
                .contains("  \"" + JAVA + "\" -XX:+UseSerialGC -jar \"/var/lib/gantry/gantry.jar\" router")
                .contains("echo \"router exited with $?; restarting in 2 s\"");
    }

    /** {@code role}'s template rendered by {@code ansible -m template} on this machine with a host's variables. */
    private String render(String role, String template, String name) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ansible")), "skipped: needs ansible-core");
        Path vars = dir.resolve("vars.json");
        Files.writeString(vars, """
                {"gantry_java": "%s", "gantry_data_dir": "/var/lib/gantry", "gantry_address": "203.0.113.5",
                 "gantry_control_url": "https://10.0.0.1:7070", "gantry_ca_fingerprint": "sha256:ab12",
                 "inventory_hostname": "web1"}
                """.formatted(JAVA));
        Path out = dir.resolve(name);
        Path roleDir = ROLES.resolve(role);
        List<String> argv = new java.util.ArrayList<>(List.of(
                "ansible",
                "localhost",
                "-c",
                "local",
                "-i",
                "localhost,",
                "-m",
                "ansible.builtin.template",
                "-a",
                "src=" + roleDir.resolve("templates").resolve(template) + " dest=" + out,
                "-e",
                "@" + vars,
                "-e",
                "@" + roleDir.resolve("vars/main.yml")));
        if (Files.exists(roleDir.resolve("defaults/main.yml")))
            argv.addAll(List.of("-e", "@" + roleDir.resolve("defaults/main.yml")));
        Exec.Result r = Exec.run(argv, Map.of("ANSIBLE_LOCALHOST_WARNING", "0"), dir, Duration.ofMinutes(2));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        return Files.readString(out);
    }

    /** {@code systemd-analyze verify}, where it is installed: the unit parses and its command is executable. */
    private void verify(Path unit) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) return;
        Exec.Result r = Exec.run(
                List.of("systemd-analyze", "verify", "--man=no", unit.toString()),
                Map.of(),
                dir,
                Duration.ofMinutes(1));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).isEmpty();
    }
}
