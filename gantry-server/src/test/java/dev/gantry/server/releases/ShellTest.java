package dev.gantry.server.releases;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellTest {
    @TempDir
    Path dir;

    @Test
    void buildsRunOnTheServersJdkWithMavenKeptQuiet() {
        assertThat(Shell.environment(Map.of("PATH", "/usr/bin", "MAVEN_OPTS", "-Xmx1g"), "/opt/jdk", 25))
                .isEqualTo(Map.of(
                        "PATH", "/opt/jdk/bin:/usr/bin",
                        "JAVA_HOME", "/opt/jdk",
                        "MAVEN_OPTS", "-Xmx1g -Djansi.noreset=true --sun-misc-unsafe-memory-access=allow"));
    }

    @Test
    void theUnsafeFlagIsAddedFromJdk23OnAndNoFlagTwice() {
        assertThat(Shell.mavenOpts("", 21)).isEqualTo("-Djansi.noreset=true");
        assertThat(Shell.mavenOpts("", 23)).isEqualTo("-Djansi.noreset=true --sun-misc-unsafe-memory-access=allow");
        assertThat(Shell.mavenOpts(" --sun-misc-unsafe-memory-access=allow  -Djansi.noreset=true ", 25))
                .isEqualTo("--sun-misc-unsafe-memory-access=allow -Djansi.noreset=true");
    }

    @Test
    void aCommandSeesTheFlagsAndItsOutputArrivesLineByLine() throws Exception {
        List<String> out = new ArrayList<>();

        int code = Shell.run("echo \"$MAVEN_OPTS\"; echo second; exit 3", dir, Duration.ofSeconds(30), out::add);

        assertThat(code).isEqualTo(3);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).contains("-Djansi.noreset=true");
        assertThat(out.get(1)).isEqualTo("second");
    }

    @Test
    void anInterruptedCommandIsKilled() throws Exception {
        Path marker = dir.resolve("pid");
        Thread runner = Thread.ofVirtual().start(() -> {
            try {
                Shell.run("echo $$ > " + marker + "; exec sleep 60", dir, Duration.ofMinutes(1), line -> {});
            } catch (InterruptedException expected) {
                // what the caller sees
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> java.nio.file.Files.exists(marker)
                        && !java.nio.file.Files.readString(marker).isBlank());
        long pid = Long.parseLong(java.nio.file.Files.readString(marker).strip());

        runner.interrupt();
        runner.join(Duration.ofSeconds(10));

        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }
}
