package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.gantry.api.HistoryEvent;
import dev.gantry.api.InstanceView;
import dev.gantry.api.Json;
import dev.gantry.api.canary.CanaryStatus;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code gantry promote}, {@code abort}, {@code history} and {@code canary status} as a user types them, against a
 * real control plane and agent (port 0, temp dir, no router: no traffic, so the judge never decides and a manual
 * step waits for promote) with app {@code tiny} live at release 1. In order: no canary, then a canary promoted by
 * hand, then one aborted.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CanaryCommandsTest {
    static final String MANUAL_CANARY = "strategy: { canary: { steps: [ {weight: 50, pause: manual} ] } }\n";

    @TempDir
    static Path dir;

    static Embedded gantry;

    @BeforeAll
    static void start() throws Exception {
        gantry = Embedded.start(ServerConfig.of(dir.resolve("data"), 0), -1, "local", 0);
        GantryRun deployed = gantry("deploy", TinyApp.write(dir, "tiny", "").toString());
        assertThat(deployed.exit()).as(deployed.err()).isZero();
    }

    @AfterAll
    static void stop() {
        if (gantry != null) gantry.close(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"promote", "abort", "history", "canary status"})
    @Order(1)
    void every_canary_verb_prints_its_help(String verb) {
        List<String> argv = new ArrayList<>(Arrays.asList(verb.split(" ")));
        argv.add("--help");
        GantryRun help = GantryRun.of(argv.toArray(String[]::new));
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).startsWith("Usage: gantry " + verb + " ").contains("APP", "--server");
        assertThat(help.err()).isEmpty();
    }

    @Test
    @Order(2)
    void promote_and_abort_without_a_canary_exit_1_with_the_servers_reason() {
        GantryRun promote = gantry("promote", "tiny");
        assertThat(promote.exit()).isEqualTo(1);
        assertThat(promote.errLines())
                .containsExactly("gantry: no canary of tiny is running, nothing to promote: no deployment is running");
        assertThat(promote.out()).isEmpty();

        GantryRun abort = gantry("abort", "tiny");
        assertThat(abort.exit()).isEqualTo(1);
        assertThat(abort.errLines())
                .containsExactly("gantry: no canary of tiny is running, nothing to abort: no deployment is running");

        GantryRun unknown = gantry("promote", "nosuch", "--full");
        assertThat(unknown.exit()).isEqualTo(Main.NOT_FOUND);
        assertThat(unknown.err()).contains("nosuch");
    }

    @Test
    @Order(3)
    void canary_status_of_an_app_that_never_had_one_is_not_found() {
        GantryRun status = gantry("canary", "status", "tiny");
        assertThat(status.exit()).isEqualTo(Main.NOT_FOUND);
        assertThat(status.errLines()).containsExactly("gantry: canary of tiny (it never had one) not found");
    }

    @Test
    @Order(4)
    void history_prints_a_table_newest_first_and_the_same_events_as_json() throws Exception {
        GantryRun table = gantry("history", "tiny");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.outLines().getFirst().split("\\s+")).containsExactly("TIME", "ACTOR", "ACTION", "DETAIL");
        List<HistoryEvent> events = history();
        assertThat(events).isNotEmpty().allMatch(e -> e.app().equals("tiny"));
        assertThat(events).extracting(HistoryEvent::action).contains("deploy");
        assertThat(events).extracting(HistoryEvent::time).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(table.outLines()).hasSize(events.size() + 1);
        assertThat(table.outLines().get(1)).contains(" " + events.getFirst().action() + " ");

        assertThat(gantry("history", "nosuch").exit()).isEqualTo(Main.NOT_FOUND);
    }

    @Test
    @Order(5)
    void a_manual_step_shows_in_canary_status_and_promote_takes_the_canary_to_every_instance() throws Exception {
        CompletableFuture<GantryRun> deploy = deployAsync(MANUAL_CANARY);
        CanaryStatus waiting = awaitCanary(s -> s.state().equals("running") && s.step() == 1);
        assertThat(waiting.canaryRelease()).isEqualTo(2);
        assertThat(waiting.stableRelease()).isEqualTo(1);
        assertThat(waiting)
                .extracting(CanaryStatus::manual, CanaryStatus::weight)
                .containsExactly(true, 50);

        GantryRun status = gantry("canary", "status", "tiny");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.outLines())
                .startsWith(
                        "canary of tiny: release 2 against stable release 1 (deployment " + waiting.deployment() + ")")
                .contains("step:    1 of 1, waiting for gantry promote tiny", "weights: canary 50%, stable 50%");

        GantryRun promote = gantry("promote", "tiny");
        assertThat(promote.exit()).as(promote.err()).isZero();
        assertThat(promote.out())
                .isEqualTo("promoting release 2 of tiny (deployment " + waiting.deployment()
                        + "); follow with: gantry canary status tiny\n");
        GantryRun deployed = deploy.get(120, TimeUnit.SECONDS);
        assertThat(deployed.exit()).as(deployed.err()).isZero();

        assertThat(canary().state()).isEqualTo("promoted");
        assertThat(gantry("canary", "status", "tiny").out()).contains("state:   promoted");
        assertThat(instances()).isNotEmpty().allMatch(i -> i.release() == 2);
        assertThat(history())
                .extracting(HistoryEvent::action)
                .containsSubsequence("promoted", "promote", "step", "canary");
    }

    @Test
    @Order(6)
    void abort_follows_the_canary_until_it_is_undone_and_stable_keeps_every_instance() throws Exception {
        CompletableFuture<GantryRun> deploy = deployAsync(MANUAL_CANARY);
        CanaryStatus waiting = awaitCanary(s -> s.state().equals("running") && s.canaryRelease() == 3 && s.step() == 1);

        GantryRun abort = gantry("abort", "tiny");
        assertThat(abort.exit()).as(abort.err()).isZero();
        assertThat(abort.outLines().getFirst())
                .isEqualTo("aborting the canary of release 3 of tiny (deployment " + waiting.deployment() + ")");
        GantryRun deployed = deploy.get(120, TimeUnit.SECONDS);
        assertThat(deployed.exit()).isEqualTo(1);
        assertThat(deployed.err()).contains("aborted by ");

        assertThat(canary())
                .extracting(CanaryStatus::state, CanaryStatus::weight)
                .containsExactly("aborted", 0);
        assertThat(instances()).isNotEmpty().allMatch(i -> i.release() == 2);
        List<HistoryEvent> events = history();
        assertThat(events).extracting(HistoryEvent::action).containsSubsequence("rollback", "abort", "step");
        assertThat(events)
                .filteredOn(e -> e.action().equals("abort"))
                .first()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("canary of release 3 aborted"));
    }

    private static CompletableFuture<GantryRun> deployAsync(String strategy) throws Exception {
        Path app = TinyApp.write(dir, "tiny", strategy);
        return CompletableFuture.supplyAsync(() -> gantry("deploy", app.toString()));
    }

    private static CanaryStatus awaitCanary(java.util.function.Predicate<CanaryStatus> until) {
        return await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .until(CanaryCommandsTest::canary, until);
    }

    /** Read through the API: waiting is not what these tests check, and the CLI reads the same route. */
    private static CanaryStatus canary() throws Exception {
        return ControlPlaneClient.builder(gantry.server().apiUrl())
                .token(gantry.server().token())
                .mapper(Json.strict())
                .build()
                .get("/api/v1/apps/tiny/canary", CanaryStatus.class);
    }

    private static List<HistoryEvent> history() throws Exception {
        return Json.strict().readValue(json("history", "tiny"), new TypeReference<>() {});
    }

    private static List<InstanceView> instances() throws Exception {
        return Json.strict().readValue(json("ps", "tiny"), new TypeReference<>() {});
    }

    private static String json(String... args) {
        List<String> argv = new ArrayList<>(Arrays.asList(args));
        argv.addAll(List.of("-o", "json"));
        GantryRun run = gantry(argv.toArray(String[]::new));
        assertThat(run.exit()).as(String.join(" ", args) + ": " + run.err()).isZero();
        return run.out();
    }

    private static GantryRun gantry(String... args) {
        List<String> argv = new ArrayList<>(Arrays.asList(args));
        argv.addAll(List.of(
                "--server", gantry.server().apiUrl(), "--token", gantry.server().token()));
        return GantryRun.of(argv.toArray(String[]::new));
    }
}
