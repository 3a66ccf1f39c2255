package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecTest {
    @Test
    void aCommandGivesItsExitCodeAndOutput() throws IOException {
        Exec.Result r = Exec.run(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.output()).isEqualTo("out\nerr");
    }

    @Test
    void aCommandThatPrintsNothingAndHangsIsStoppedAtItsTimeout() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> Exec.run(List.of("sleep", "30"), Duration.ofMillis(300)))
                .isInstanceOf(IOException.class)
                .hasMessage("sleep 30: did not finish within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
