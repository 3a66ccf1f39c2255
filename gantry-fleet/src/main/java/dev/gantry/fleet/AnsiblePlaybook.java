package dev.gantry.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a playbook of {@code deploy/ansible} with Debian's {@code ansible-core} against an environment's inventory,
 * with Gantry's {@code gantry_json} stdout callback so that the result can be counted ({@link PlaybookResult}). SSH connections
 * are not kept open after the run (no ControlPersist: no ssh process outlives it) and modules are piped
 * (pipelining), one connection per task.
 */
public record AnsiblePlaybook(Path playbook, Duration limit) {
    public static final String COMMAND = "ansible-playbook";

    public AnsiblePlaybook {
        if (!Files.isRegularFile(playbook)) {
            throw new IllegalArgumentException("no playbook at " + playbook + " (give --playbooks DIR)");
        }
    }

    List<String> argv(Path inventory) {
        return List.of(COMMAND, "-i", inventory.toString(), playbook.toString());
    }

    Map<String, String> environment(EnvironmentFiles files) {
        return Map.of(
                "ANSIBLE_STDOUT_CALLBACK", "gantry_json",
                "ANSIBLE_CALLBACK_PLUGINS",
                        playbook.getParent().resolve("callback_plugins").toString(),
                "ANSIBLE_SSH_ARGS", "-o ControlMaster=no -o ControlPersist=no",
                "ANSIBLE_PIPELINING", "True",
                "ANSIBLE_LOCAL_TEMP", files.dir().resolve("ansible-tmp").toString(),
                "ANSIBLE_RETRY_FILES_ENABLED", "False",
                "ANSIBLE_NOCOLOR", "True",
                "ANSIBLE_FORCE_COLOR", "False",
                "ANSIBLE_DEPRECATION_WARNINGS", "False",
                "ANSIBLE_HOST_KEY_CHECKING", "True");
    }

    /** Runs the playbook; the result even when tasks failed; IOException when Ansible itself could not run. */
    public PlaybookResult run(EnvironmentFiles files) throws IOException {
        Exec.Result r;
        try {
            r = Exec.run(argv(files.inventory()), environment(files), playbook.getParent(), limit);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("error=2")) {
                throw new IOException(
                        COMMAND + " is not installed (apt-get install --no-install-recommends ansible-core)");
            }
            throw e;
        }
        if (r.exit() != 0 && !r.out().contains("\"stats\"")) {
            throw new IOException(COMMAND + " exited " + r.exit() + ": " + (r.err() + r.out()).strip());
        }
        return PlaybookResult.parse(r.out());
    }
}
