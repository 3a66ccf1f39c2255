package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.gantry.api.InstanceMetrics;
import dev.gantry.api.InstanceState;
import dev.gantry.api.Json;
import dev.gantry.server.ServerConfig;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gantry top} against a real control plane and agent running two small apps. */
@Timeout(300)
class TopCommandTest {
    @TempDir
    static Path dir;

    static Embedded gantry;

    @BeforeAll
    static void start() throws Exception {
        gantry = Embedded.start(ServerConfig.of(dir.resolve("data"), 0), -1, "local", 0);
        for (String app : List.of("tiny", "other")) {
            GantryRun deployed = gantry("deploy", TinyApp.write(dir, app, "").toString());
            assertThat(deployed.exit()).as(deployed.err()).isZero();
        }
    }

    @AfterAll
    static void stop() {
        if (gantry != null) gantry.close(true);
    }

    @Test
    void top_once_shows_each_running_instance_with_its_cpu_and_memory() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> lines = gantry("top", "--once").outLines();
            assertThat(lines.get(0).split("\\s+"))
                    .containsExactly("APP", "INSTANCE", "HOST", "STATE", "CPU", "MEM", "REQ/S", "ERR/S", "ERR%", "P99");
            assertThat(lines).hasSize(3);
            for (String row : lines.subList(1, 3))
                assertThat(row)
                        .matches(
                                "(tiny|other) +\\S+ +local +READY +\\d+% +\\d+(\\.\\d)?(Ki|Mi|Gi) +0\\.0 +0\\.0 +- +-");
        });
    }

    @Test
    void top_app_shows_only_that_apps_instances_and_an_unknown_app_is_not_found() {
        List<String> lines = gantry("top", "--once", "--app", "tiny").outLines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("tiny ");

        GantryRun unknown = gantry("top", "--once", "--app", "nosuchapp");
        assertThat(unknown.exit()).isEqualTo(Main.NOT_FOUND);
        assertThat(unknown.err()).contains("nosuchapp");
    }

    @Test
    void top_json_parses_into_the_api_records() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            GantryRun run = gantry("top", "--once", "-o", "json", "--sort", "memory");
            assertThat(run.exit()).as(run.err()).isZero();
            List<InstanceMetrics> top = Json.strict().readValue(run.out(), new TypeReference<>() {});
            assertThat(top).extracting(InstanceMetrics::app).containsExactlyInAnyOrder("tiny", "other");
            assertThat(top).allSatisfy(i -> {
                assertThat(i.state()).isEqualTo(InstanceState.READY);
                assertThat(i.host()).isEqualTo("local");
                assertThat(i.cpuPercent()).isNotNull().isNotNegative();
                assertThat(i.memoryBytes()).isPositive();
                assertThat(i.second()).isLessThan(System.currentTimeMillis());
            });
            assertThat(top.get(0).memoryBytes())
                    .isGreaterThanOrEqualTo(top.get(1).memoryBytes());
        });
    }

    @Test
    void a_bad_sort_key_is_named_with_the_keys_there_are() {
        GantryRun run = gantry("top", "--once", "--sort", "bogus");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--sort", "bogus", "cpu, memory, rps, errors, p99");
    }

    @Test
    void top_help_says_what_it_shows() {
        GantryRun run = GantryRun.of("top", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: gantry top [", "--sort=KEY", "--app=APP", "--once", "Ctrl-C");
    }

    @Test
    void top_without_once_prints_a_table_each_second_until_stopped() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine(new BufferedReader(new StringReader("")));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        Thread top = Thread.ofVirtual().start(() -> cli.execute(withServer("top", "--sort", "rps")));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().split("gantry top ", -1).length > 3);
        } finally {
            top.interrupt();
            top.join(Duration.ofSeconds(10));
        }
        assertThat(top.isAlive()).isFalse();
        assertThat(out.toString())
                .contains("2 instances  sorted by rps  (Ctrl-C quits)")
                .doesNotContain(TopCommand.HOME_AND_CLEAR);
    }

    @Test
    void sorting_puts_the_highest_first_and_instances_without_a_value_last() {
        InstanceMetrics idle = metrics("a", null, 0);
        InstanceMetrics busy = metrics("b", 90.0, 5);
        InstanceMetrics calm = metrics("c", 10.0, 50);
        assertThat(TopCommand.sorted(List.of(idle, calm, busy), TopCommand.Sort.cpu))
                .containsExactly(busy, calm, idle);
        assertThat(TopCommand.sorted(List.of(idle, calm, busy), TopCommand.Sort.rps))
                .containsExactly(calm, busy, idle);
    }

    private static InstanceMetrics metrics(String id, Double cpu, double rps) {
        return new InstanceMetrics("app", id, "h", 1, InstanceState.READY, 0, cpu, 1L, rps, 0, null);
    }

    private static GantryRun gantry(String... args) {
        return GantryRun.of(withServer(args));
    }

    private static String[] withServer(String... args) {
        List<String> argv = new ArrayList<>(Arrays.asList(args));
        argv.addAll(List.of(
                "--server", gantry.server().apiUrl(), "--token", gantry.server().token()));
        return argv.toArray(String[]::new);
    }
}
