package dev.gantry.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The shared compatibility script against the running service: every corpus case byte for byte. */
class CorpusCheckTest {
    @Test
    void checkScriptPassesEveryCorpusCaseAgainstTheRunningService() throws Exception {
        Path dir = SharedCorpus.marqdownDir();
        Assumptions.assumeTrue(dir != null, "shared/marqdown not found: set GANTRY_SHARED or clone next to shared/");
        try (MarkdownService service =
                MarkdownService.start(ServiceConfig.defaults().withPort(0))) {
            Process check = new ProcessBuilder(
                            "bash",
                            dir.resolve("check.sh").toString(),
                            "http://127.0.0.1:" + service.port(),
                            dir.resolve("cases.json").toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor(120, TimeUnit.SECONDS))
                    .as("check.sh finished")
                    .isTrue();
            List<String> lines = output.lines().toList();
            assertThat(lines).as(output).isNotEmpty();
            assertThat(lines.get(lines.size() - 1)).as(output).isEqualTo("56 passed, 0 failed");
            assertThat(check.exitValue()).isZero();
        }
    }
}
