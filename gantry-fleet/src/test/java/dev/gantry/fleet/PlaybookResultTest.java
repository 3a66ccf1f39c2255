package dev.gantry.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class PlaybookResultTest {
    @Test
    void changedTasksAreCountedPerHostAndFailedOnesNamedWithHostAndTask() throws IOException {
        PlaybookResult r = PlaybookResult.parse("""
                [WARNING]: a warning ansible printed first
                {"stats": {"node1": {"ok": 5, "changed": 3, "failures": 0, "unreachable": 0},
                           "node2": {"ok": 2, "changed": 1, "failures": 1, "unreachable": 0},
                           "node3": {"ok": 0, "changed": 0, "failures": 0, "unreachable": 1}},
                 "tasks": [
                  {"host": "node1", "task": "common : Create the Gantry data directory", "status": "changed", "msg": ""},
                  {"host": "node2", "task": "common : Look for a JDK", "status": "ignored", "msg": "no java"},
                  {"host": "node2", "task": "common : Require a JDK 21 or newer", "status": "failed",
                   "msg": "Gantry needs a JDK 21 or newer\\nfound: nothing"},
                  {"host": "node3", "task": "Gathering Facts", "status": "unreachable",
                   "msg": "Failed to connect to the host via ssh: Connection refused"}]}
                """);
        assertThat(r.changedTasks()).isEqualTo(4);
        assertThat(r.changed())
                .containsExactly(
                        java.util.Map.entry("node1", 3),
                        java.util.Map.entry("node2", 1),
                        java.util.Map.entry("node3", 0));
        assertThat(r.ok()).isFalse();
        assertThat(r.failures())
                .extracting(Object::toString)
                .containsExactly(
                        "task 'common : Require a JDK 21 or newer' failed on node2: Gantry needs a JDK 21 or newer / found: nothing",
                        "task 'Gathering Facts' failed on node3: Failed to connect to the host via ssh: Connection refused");
    }

    @Test
    void outputWithoutAResultIsAnError() {
        assertThatThrownBy(() -> PlaybookResult.parse("ERROR! the playbook: site.yml could not be found"))
                .isInstanceOf(IOException.class)
                .hasMessage("ansible-playbook printed no result: ERROR! the playbook: site.yml could not be found");
    }
}
