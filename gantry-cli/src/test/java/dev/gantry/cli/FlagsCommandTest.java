package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.Json;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.api.flags.FlagToggle;
import dev.gantry.flags.Flag;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.flags.FlagsFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code gantry flags ...} run as a user types it, against a real control plane on a real Redis (port 0, temp dir). */
@Timeout(120)
class FlagsCommandTest {
    static final ObjectMapper JSON = Json.mapper();
    /** The name of the credential the CLI uses (the bootstrap admin token), so who the history names. */
    static final String ME = "admin";

    @TempDir
    static Path dir;

    static GantryServer server;
    static String stableFlag;
    static String stableHistory;

    @BeforeAll
    static void start() throws Exception {
        server = GantryServer.start(ServerConfig.of(dir.resolve("server"), 0), List.of(FlagsFeature::new));
        assertThat(flags("set", "stable", "--boolean", "on", "--reason", "setup")
                        .exit())
                .isZero();
        stableFlag = flags("get", "stable").out();
        stableHistory = flags("history", "stable").out();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void set_creates_a_flag_that_list_and_get_then_show() throws Exception {
        GantryRun set = flags("set", "banner", "--string", "Spring sale!", "--reason", "campaign starts");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out()).isEqualTo("stored banner (version 1)\n");
        assertThat(set.err()).isEmpty();

        GantryRun list = flags("list");
        assertThat(list.exit()).isZero();
        assertThat(list.outLines().get(0).split("\\s+"))
                .containsExactly("KEY", "TYPE", "STATE", "SERVES", "VERSION", "UPDATED", "BY");
        assertThat(row(list, "banner")).containsExactly("banner", "string", "on", "value", "1", ME);

        JsonNode got = JSON.readTree(flags("get", "banner").out());
        assertThat(got.path("type").asText()).isEqualTo("string");
        assertThat(got.at("/variants/value").asText()).isEqualTo("Spring sale!");
        assertThat(got.at("/environments/production/enabled").asBoolean()).isTrue();
        assertThat(got.at("/environments/production/defaultVariant").asText()).isEqualTo("value");
        assertThat(got.path("version").asLong()).isEqualTo(1);
        assertThat(got.path("updatedBy").asText()).isEqualTo(ME);
    }

    @Test
    void set_stores_boolean_and_number_flags_in_the_chosen_environment() throws Exception {
        assertThat(flags(
                                "set",
                                "dark-mode",
                                "--boolean",
                                "off",
                                "--env",
                                "staging",
                                "--description",
                                "night theme",
                                "--reason",
                                "r")
                        .exit())
                .isZero();
        JsonNode bool = JSON.readTree(flags("get", "dark-mode").out());
        assertThat(bool.path("variants")).isEqualTo(JSON.readTree("{\"on\":true,\"off\":false}"));
        assertThat(bool.at("/environments/staging/defaultVariant").asText()).isEqualTo("off");
        assertThat(bool.path("environments").has("production")).isFalse();
        assertThat(bool.path("description").asText()).isEqualTo("night theme");
        assertThat(row(flags("list", "--env", "staging"), "dark-mode"))
                .containsExactly("dark-mode", "boolean", "on", "off", "1", ME);

        assertThat(flags("set", "max-items", "--number", "2.5", "--reason", "r").exit())
                .isZero();
        assertThat(JSON.readTree(flags("get", "max-items").out())
                        .at("/variants/value")
                        .asDouble())
                .isEqualTo(2.5);
    }

    @Test
    void off_and_on_flip_the_flag_and_each_flip_is_a_new_version() throws Exception {
        flags("set", "checkout", "--boolean", "on", "--reason", "launch");

        GantryRun off = flags("off", "checkout", "--reason", "incident 42");
        assertThat(off.exit()).as(off.err()).isZero();
        assertThat(off.out()).isEqualTo("checkout is off in production (version 2)\n");
        assertThat(JSON.readTree(flags("get", "checkout").out())
                        .at("/environments/production/enabled")
                        .asBoolean())
                .isFalse();
        assertThat(row(flags("list"), "checkout")).containsExactly("checkout", "boolean", "off", "on", "2", ME);

        GantryRun on = flags("on", "checkout", "--reason", "fixed");
        assertThat(on.out()).isEqualTo("checkout is on in production (version 3)\n");
        JsonNode got = JSON.readTree(flags("get", "checkout").out());
        assertThat(got.at("/environments/production/enabled").asBoolean()).isTrue();
        assertThat(got.at("/environments/production/defaultVariant").asText())
                .as("the served variant stays")
                .isEqualTo("on");
    }

    @Test
    void rollout_splits_the_fallthrough_by_percentages_with_decimals() throws Exception {
        flags("set", "ramp", "--boolean", "off", "--reason", "create");

        GantryRun rollout = flags(
                "rollout", "ramp", "on=12.5", "off=87.5%", "--bucket-by", "accountId", "--reason", "try an eighth");
        assertThat(rollout.exit()).as(rollout.err()).isZero();
        assertThat(rollout.out()).isEqualTo("ramp in production now splits on=12.5% off=87.5% (version 2)\n");
        JsonNode split = JSON.readTree(flags("get", "ramp").out()).at("/environments/production/rollout");
        assertThat(split)
                .isEqualTo(
                        JSON.readTree(
                                "{\"bucketBy\":\"accountId\",\"weights\":[{\"variant\":\"on\",\"weight\":12500},{\"variant\":\"off\",\"weight\":87500}]}"));
        assertThat(row(flags("list"), "ramp")).containsExactly("ramp", "boolean", "on", "rollout", "2", ME);

        assertThat(flags("rollout", "ramp", "on=100", "off=0", "--reason", "everyone")
                        .out())
                .isEqualTo("ramp in production now splits on=100% off=0% (version 3)\n");
    }

    @Test
    void history_shows_who_changed_the_flag_when_and_why_newest_first() throws Exception {
        flags("set", "audited", "--boolean", "on", "--reason", "first cut");
        flags("off", "audited", "--reason", "incident 42");
        toggleAs("bob", "audited", "all clear");
        flags("rollout", "audited", "on=25", "off=75", "--reason", "a quarter");

        GantryRun history = flags("history", "audited");
        assertThat(history.exit()).isZero();
        List<String[]> rows =
                history.outLines().stream().map(l -> l.split("\\s{2,}")).toList();
        assertThat(rows.get(0)).containsExactly("VERSION", "AT", "WHO", "ACTION", "REASON");
        assertThat(rows.subList(1, rows.size()))
                .extracting(r -> List.of(r[0], r[2], r[3], r[4]))
                .containsExactly(
                        List.of("4", ME, "rollout production", "a quarter"),
                        List.of("3", "bob", "toggle on production", "all clear"),
                        List.of("2", ME, "toggle off production", "incident 42"),
                        List.of("1", ME, "create", "first cut"));
        assertThat(rows.subList(1, rows.size()))
                .allSatisfy(r -> assertThat(r[1]).matches("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z"));

        assertThat(flags("history", "audited", "--limit", "2").outLines()).hasSize(3);
    }

    @Test
    void set_from_a_file_round_trips_get_and_refuses_a_stale_version() throws Exception {
        flags("set", "from-file", "--boolean", "on", "--reason", "create");
        Path file = dir.resolve("from-file.json");
        Files.writeString(
                file, flags("get", "from-file").out().replace("\"killSwitch\" : false", "\"killSwitch\" : true"));

        GantryRun noReason = flags("set", "from-file", "--file", file.toString());
        assertThat(noReason.exit()).isEqualTo(1);
        assertThat(noReason.errLines())
                .containsExactly("gantry: --reason is required for every flag change (it goes into the audit history)");

        assertThat(flags("set", "from-file", "--file", file.toString(), "--reason", "kill it")
                        .out())
                .isEqualTo("stored from-file (version 2)\n");
        assertThat(row(flags("list"), "from-file")).containsExactly("from-file", "boolean", "KILLED", "on", "2", ME);

        String stored = flags("get", "from-file").out();
        GantryRun stale = flags("set", "from-file", "--file", file.toString(), "--reason", "again");
        assertThat(stale.exit()).isEqualTo(1);
        assertThat(stale.errLines().get(0))
                .startsWith("gantry: flag from-file was changed by " + ME)
                .endsWith("(version 2); reload and retry");
        assertThat(flags("get", "from-file").out()).isEqualTo(stored);
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                bad("set without --reason", "--reason is required", "set", "stable", "--boolean", "off"),
                bad("on without --reason", "--reason is required", "on", "stable"),
                bad("off with a blank --reason", "--reason is required", "off", "stable", "--reason", "  "),
                bad("rollout without --reason", "--reason is required", "rollout", "stable", "on=50", "off=50"),
                missing("get of an unknown flag", "flag nope not found", "get", "nope"),
                missing("off of an unknown flag", "flag nope not found", "off", "nope", "--reason", "r"),
                missing(
                        "rollout of an unknown flag",
                        "flag nope not found",
                        "rollout",
                        "nope",
                        "on=100",
                        "--reason",
                        "r"),
                missing("history of an unknown flag", "flag nope not found", "history", "nope"),
                bad(
                        "rollout adding up to 60",
                        "percentages: must add up to 100, got 60",
                        "rollout",
                        "stable",
                        "on=30",
                        "off=30",
                        "--reason",
                        "r"),
                bad(
                        "rollout adding up to 100.5",
                        "percentages: must add up to 100, got 100.5",
                        "rollout",
                        "stable",
                        "on=50.5",
                        "off=50",
                        "--reason",
                        "r"),
                bad(
                        "rollout naming an unknown variant",
                        "environments.production.rollout.weights[0].variant: unknown variant \"blue\"",
                        "rollout",
                        "stable",
                        "blue=100",
                        "--reason",
                        "r"),
                bad(
                        "rollout giving a variant twice",
                        "rollout: variant \"on\" is given twice",
                        "rollout",
                        "stable",
                        "on=50",
                        "on=50",
                        "--reason",
                        "r"),
                bad(
                        "rollout percent that is not a number",
                        "rollout: \"NaN\" in \"on=NaN\" is not a number",
                        "rollout",
                        "stable",
                        "on=NaN",
                        "off=100",
                        "--reason",
                        "r"),
                bad(
                        "rollout percent below zero",
                        "percentages.on: must be between 0 and 100, got -10.0",
                        "rollout",
                        "stable",
                        "on=-10",
                        "off=110",
                        "--reason",
                        "r"),
                bad(
                        "rollout percent with 4 decimals",
                        "percentages.on: at most 3 decimals",
                        "rollout",
                        "stable",
                        "on=12.3456",
                        "off=87.6544",
                        "--reason",
                        "r"),
                bad(
                        "rollout argument without a percent",
                        "rollout: expected VARIANT=PERCENT, got \"on\"",
                        "rollout",
                        "stable",
                        "on",
                        "--reason",
                        "r"),
                bad(
                        "set --boolean yes",
                        "--boolean: expected on or off, got \"yes\"",
                        "set",
                        "stable",
                        "--boolean",
                        "yes",
                        "--reason",
                        "r"),
                bad(
                        "off in an environment the flag does not have",
                        "environments.qa.defaultVariant: must be set",
                        "off",
                        "stable",
                        "--env",
                        "qa",
                        "--reason",
                        "r"),
                bad("history with --limit 0", "limit: must be 1..1000, got \"0\"", "history", "stable", "--limit", "0"),
                bad("get of the reserved key stream", "key: \"stream\" is reserved", "get", "stream"),
                bad(
                        "set of a key with a space",
                        "key: must match [A-Za-z0-9._-]{1,128}, got \"bad key\"",
                        "set",
                        "bad key",
                        "--boolean",
                        "on",
                        "--reason",
                        "r"),
                bad("get of the key ..", "key: must not be \".\" or \"..\"", "get", ".."));
    }

    @ParameterizedTest(name = "{0} exits {1} with one line naming it and changes nothing")
    @MethodSource("badInput")
    void bad_input_exits_1_or_3_for_not_found_with_one_line_naming_the_field_and_changes_nothing(
            String what, int exit, String message, String[] args) {
        GantryRun run = flags(args);
        assertThat(run.exit()).as(run.err()).isEqualTo(exit);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("gantry: ").contains(message);
        assertStableUnchanged();
    }

    @Test
    void a_wrong_token_exits_1_naming_the_token_and_changes_nothing() {
        GantryRun run = GantryRun.of(
                "flags",
                "off",
                "stable",
                "--reason",
                "sneaky",
                "--server",
                server.apiUrl(),
                "--token",
                "not-the-token");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines())
                .containsExactly(
                        "gantry: unknown or revoked token (give a token with --token-file, GANTRY_TOKEN_FILE or GANTRY_TOKEN; the admin token is the file 'token' in the server's data directory)");
        assertStableUnchanged();
    }

    @Test
    void an_unreachable_control_plane_exits_1_naming_its_address() {
        GantryRun run = GantryRun.of("flags", "list", "--server", "http://127.0.0.1:1", "--token", server.token());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines())
                .containsExactly(
                        "gantry: cannot reach the control plane at http://127.0.0.1:1 (is `gantry server` or `gantry demo` running?)");
    }

    static GantryRun flags(String... args) {
        List<String> argv = new ArrayList<>(List.of("flags"));
        argv.addAll(Arrays.asList(args));
        argv.addAll(List.of("--server", server.apiUrl(), "--token", server.token()));
        return GantryRun.of(argv.toArray(String[]::new));
    }

    private static Arguments bad(String what, String message, String... args) {
        return Arguments.of(what, 1, message, args);
    }

    /** Something that does not exist: exit code 3. */
    private static Arguments missing(String what, String message, String... args) {
        return Arguments.of(what, Main.NOT_FOUND, message, args);
    }

    /** The cells of the table row for {@code key} (columns are at least two spaces apart). */
    private static List<String> row(GantryRun table, String key) {
        return table.outLines().stream()
                .filter(l -> l.startsWith(key + " "))
                .findFirst()
                .map(l -> List.of(l.split("\\s{2,}")))
                .orElseThrow(() -> new AssertionError("no row " + key + " in\n" + table.out()));
    }

    private static void assertStableUnchanged() {
        assertThat(flags("get", "stable").out()).isEqualTo(stableFlag);
        assertThat(flags("history", "stable").out()).isEqualTo(stableHistory);
        assertThat(flags("get", "nope").exit()).as("no flag nope was created").isEqualTo(Main.NOT_FOUND);
    }

    /** A change by someone else, with a deployer credential of their own, so that the history has two authors. */
    private static void toggleAs(String actor, String key, String reason) throws Exception {
        String token = server.credentials()
                .create(actor, dev.gantry.server.tokens.Role.DEPLOYER, null, "test")
                .token();
        try (ControlPlaneClient api =
                ControlPlaneClient.builder(server.apiUrl()).token(token).build()) {
            api.post("/api/v1/flags/" + key + "/toggle", new FlagToggle("production", true, reason, null), Flag.class);
        }
    }
}
