package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.AgentReport;
import dev.gantry.api.AgentStatus;
import dev.gantry.api.AppSummary;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceView;
import dev.gantry.api.Json;
import dev.gantry.api.PlatformStatus;
import dev.gantry.api.Release;
import dev.gantry.api.flags.AuditEntry;
import dev.gantry.flags.Flag;
import dev.gantry.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The verbs about apps run as a user types them against a real control plane and agent (port 0,
 * temp dir) with one small app deployed by {@code gantry deploy}: machine-readable output, unknown
 * names, deletion.
 */
@Timeout(300)
class AppCommandsTest {
    /** Strict: a field the CLI prints that the record does not have fails the test. */
    static final ObjectMapper STRICT = Json.strict();

    @TempDir
    static Path dir;

    static Embedded gantry;
    static GantryRun deployed;

    @BeforeAll
    static void start() throws Exception {
        gantry = Embedded.start(ServerConfig.of(dir.resolve("data"), 0), -1, "local", 0);
        deployed = gantry("deploy", app("tiny").toString());
        assertThat(gantry("flags", "set", "tiny-flag", "--boolean", "on", "--reason", "a flag to list")
                        .exit())
                .isZero();
    }

    @AfterAll
    static void stop() {
        if (gantry != null) gantry.close(true);
    }

    @Test
    void deploy_streams_the_build_without_terminal_escapes() {
        assertThat(deployed.exit()).as(deployed.err()).isZero();
        assertThat(deployed.out())
                .contains("deploying tiny from ", "release 1 (deployment ", "compiling in bold")
                .doesNotContain("\u001B");
    }

    @Test
    void json_of_every_listing_verb_parses_into_the_api_records() throws Exception {
        List<AppSummary> apps = STRICT.readValue(json("apps"), new TypeReference<>() {});
        assertThat(apps)
                .extracting(AppSummary::name, AppSummary::release, AppSummary::instances)
                .contains(org.assertj.core.groups.Tuple.tuple("tiny", 1, 1));

        List<InstanceView> instances = STRICT.readValue(json("ps", "tiny"), new TypeReference<>() {});
        assertThat(instances).singleElement().satisfies(i -> {
            assertThat(i.app()).isEqualTo("tiny");
            assertThat(i.state())
                    .as(() -> "tiny's log:\n" + gantry("logs", "tiny").out())
                    .isEqualTo(InstanceState.READY);
        });
        assertThat(STRICT.readValue(json("ps"), new TypeReference<List<InstanceView>>() {}))
                .hasSizeGreaterThanOrEqualTo(1);

        List<Release> releases = STRICT.readValue(json("releases", "tiny"), new TypeReference<>() {});
        assertThat(releases).extracting(Release::number).containsExactly(1);

        PlatformStatus status = STRICT.readValue(json("status"), PlatformStatus.class);
        assertThat(status.agents()).hasSize(1);

        List<Flag> flags = Json.mapper().readValue(json("flags", "list"), new TypeReference<>() {});
        assertThat(flags).extracting(Flag::key).contains("tiny-flag");
        assertThat(Json.mapper()
                        .readValue(json("flags", "get", "tiny-flag"), Flag.class)
                        .key())
                .isEqualTo("tiny-flag");
        List<AuditEntry> history = STRICT.readValue(json("flags", "history", "tiny-flag"), new TypeReference<>() {});
        assertThat(history).extracting(AuditEntry::reason).containsExactly("a flag to list");
    }

    @Test
    void yaml_output_is_the_same_tree_as_json() throws Exception {
        for (List<String> verb : List.of(
                List.of("apps"),
                List.of("releases", "tiny"),
                List.of("status"),
                List.of("flags", "get", "tiny-flag"))) {
            List<String> yamlArgs = new ArrayList<>(verb);
            yamlArgs.addAll(List.of("-o", "yaml"));
            GantryRun yaml = gantry(yamlArgs.toArray(String[]::new));
            assertThat(yaml.exit()).as(yaml.err()).isZero();
            Object fromYaml = new Yaml().load(yaml.out());
            Object fromJson = Json.mapper().readValue(json(verb.toArray(String[]::new)), Object.class);
            if (verb.contains("status")) { // its uptime and samples move between the two calls
                assertThat(((java.util.Map<?, ?>) fromYaml).keySet())
                        .isEqualTo(((java.util.Map<?, ?>) fromJson).keySet());
            } else {
                JsonNode yamlTree = Json.mapper().valueToTree(fromYaml);
                JsonNode jsonTree = Json.mapper().valueToTree(fromJson);
                assertThat(yamlTree).as(String.join(" ", verb)).isEqualTo(jsonTree);
            }
        }
    }

    @Test
    void the_table_stays_the_default() {
        GantryRun apps = gantry("apps");
        assertThat(apps.outLines().get(0).split("\\s+")).containsExactly("APP", "RELEASE", "READY", "ROUTE");
        assertThat(apps.out()).contains("tiny.localhost");
    }

    @Test
    void ps_shows_the_account_memory_cpu_and_oom_kills_of_each_instance_and_the_limits_where_cgroups_enforce_them()
            throws Exception {
        AgentStatus agent =
                STRICT.readValue(json("status"), PlatformStatus.class).agents().getFirst();
        assertThat(agent.isolation())
                .as("the embedded agent says how it isolates")
                .isNotNull();
        InstanceView tiny = STRICT.readValue(json("ps", "tiny"), new TypeReference<List<InstanceView>>() {})
                .getFirst();
        assertThat(tiny.user()).isEqualTo(agent.isolation().user());
        assertThat(tiny.memoryBytes())
                .as(() -> "tiny's log:\n" + gantry("logs", "tiny").out())
                .isPositive();
        assertThat(tiny.oomKills()).isZero();

        List<String> table = gantry("ps", "tiny").outLines();
        assertThat(table.get(0).split("\\s+")).containsSubsequence("RESTARTS", "USER", "MEM", "CPU", "OOM", "MESSAGE");
        assertThat(table.get(1)).contains(" " + tiny.user() + " ");

        Assumptions.assumeTrue(
                agent.isolation().cgroups() != AgentReport.CgroupVersion.NONE,
                "cgroups unavailable here, limits not enforced: "
                        + agent.isolation().problem());
        assertThat(tiny.memoryLimitBytes()).isEqualTo(256L << 20);
        assertThat(tiny.cpuLimit()).isEqualTo(0.5);
        assertThat(table.get(1)).containsPattern(" \\S+/256Mi ").containsPattern(" \\d+%/0\\.5 ");
    }

    @Test
    void status_shows_the_account_instances_run_as_and_the_cgroups_that_limit_them_or_why_none() throws Exception {
        AgentStatus agent =
                STRICT.readValue(json("status"), PlatformStatus.class).agents().getFirst();
        List<String> lines = gantry("status").outLines();
        String header =
                lines.stream().filter(l -> l.startsWith("AGENT")).findFirst().orElseThrow();
        assertThat(header).contains("INSTANCE USER", "CGROUPS");
        assertThat(lines.get(lines.indexOf(header) + 1))
                .contains(agent.isolation().user())
                .endsWith(StatusCommand.cgroups(agent.isolation()));
        assertThat(StatusCommand.cgroups(new AgentReport.Isolation("u", AgentReport.CgroupVersion.V2, null)))
                .isEqualTo("v2");
        assertThat(StatusCommand.cgroups(
                        new AgentReport.Isolation("u", AgentReport.CgroupVersion.NONE, "/sys/fs/cgroup is read-only")))
                .isEqualTo("none: /sys/fs/cgroup is read-only");
    }

    @Test
    void cancel_stops_the_deploy_running_on_an_app_and_exits_0_once_it_is_cancelled() throws Exception {
        Path slow = app("slow");
        Files.writeString(slow.resolve("gantry.yml"), "name: slow\nrun: sleep 600\nhealth_timeout: 120s\ngrace: 1s\n");
        CompletableFuture<GantryRun> deploy = CompletableFuture.supplyAsync(() -> gantry("deploy", slow.toString()));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> gantry("ps", "slow", "-o", "json").out().contains("\"slow-r1-"));

        GantryRun cancel = gantry("cancel", "slow");
        assertThat(cancel.exit()).as(cancel.err()).isZero();
        assertThat(cancel.outLines().getFirst())
                .startsWith("cancelling deployment ")
                .endsWith(" of slow");
        assertThat(cancel.out()).contains("cancelled: cancelled by ");
        GantryRun deployed = deploy.get(60, TimeUnit.SECONDS);
        assertThat(deployed.exit()).isEqualTo(1);
        assertThat(deployed.err()).contains("cancelled by ", "during STARTING");

        GantryRun again = gantry("cancel", "tiny");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.errLines()).containsExactly("gantry: no operation on tiny is in progress; nothing to cancel");
    }

    static Stream<List<String>> unknownNames() {
        return Stream.of(
                List.of("logs", "nosuchapp"),
                List.of("logs", "nosuchapp", "-f"),
                List.of("ps", "nosuchapp"),
                List.of("releases", "nosuchapp"),
                List.of("scale", "nosuchapp", "2"),
                List.of("stop", "nosuchapp"),
                List.of("rollback", "nosuchapp"),
                List.of("apps", "delete", "nosuchapp", "--yes"),
                List.of("logs", "tiny", "--instance", "nosuchinstance"),
                List.of("rollback", "tiny", "--release", "42"),
                List.of("rollback", "tiny", "--to", "42"),
                List.of("flags", "get", "nosuchflag"),
                List.of("cancel", "nosuchapp"));
    }

    @ParameterizedTest(name = "gantry {0} exits 3 with one line naming what is unknown")
    @MethodSource("unknownNames")
    void an_unknown_app_release_instance_or_flag_exits_3_with_one_line_naming_it(List<String> args) {
        GantryRun run = gantry(args.toArray(String[]::new));
        String name = args.stream()
                .filter(a -> a.startsWith("nosuch") || a.equals("42"))
                .findFirst()
                .orElseThrow();
        assertThat(run.exit()).as(run.err()).isEqualTo(Main.NOT_FOUND);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines())
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith("gantry: ").contains(name, "not found"));
    }

    @Test
    void delete_asks_for_the_app_name_and_deletes_nothing_without_it() throws Exception {
        GantryRun noAnswer = gantry("apps", "delete", "tiny");
        assertThat(noAnswer.exit()).isEqualTo(1);
        assertThat(noAnswer.err())
                .contains(
                        "Type the app's name to delete it:",
                        "gantry: not deleted: type tiny to confirm, or pass --yes");

        GantryRun wrongName = GantryRun.typing("tinny\n", withServer("apps", "delete", "tiny"));
        assertThat(wrongName.exit()).isEqualTo(1);
        assertThat(json("apps")).contains("\"tiny\"");
    }

    @Test
    void delete_with_the_typed_name_stops_the_instances_and_removes_the_app() throws Exception {
        assertThat(gantry("deploy", app("doomed").toString()).exit()).isZero();

        GantryRun delete = GantryRun.typing("doomed\n", withServer("apps", "delete", "doomed"));
        assertThat(delete.exit()).as(delete.err()).isZero();
        assertThat(delete.outLines()).first().asString().startsWith("deleting doomed (deployment ");
        assertThat(delete.outLines()).last().isEqualTo("deleted doomed");
        List<AppSummary> apps = STRICT.readValue(json("apps"), new TypeReference<>() {});
        assertThat(apps).extracting(AppSummary::name).doesNotContain("doomed").contains("tiny");
        List<InstanceView> left = STRICT.readValue(json("ps"), new TypeReference<>() {});
        assertThat(left).extracting(InstanceView::app).doesNotContain("doomed");
        assertThat(gantry("ps", "doomed").exit()).isEqualTo(Main.NOT_FOUND);
    }

    private static Path app(String name) throws Exception {
        return TinyApp.write(dir, name, "");
    }

    private static String json(String... args) {
        List<String> argv = new ArrayList<>(Arrays.asList(args));
        argv.addAll(List.of("-o", "json"));
        GantryRun run = gantry(argv.toArray(String[]::new));
        assertThat(run.exit()).as(String.join(" ", args) + ": " + run.err()).isZero();
        return run.out();
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
