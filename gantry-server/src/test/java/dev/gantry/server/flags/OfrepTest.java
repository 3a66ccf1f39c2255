package dev.gantry.server.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfrepTest {
    @TempDir
    static Path dir;

    static GantryServer server;
    static Api admin;
    static Api sdk;

    @BeforeAll
    static void start() throws Exception {
        server = GantryServer.start(ServerConfig.of(dir, 0), List.of(FlagsFeature::new));
        admin = new Api(server.apiUrl(), server.token());
        admin.put("/api/v1/flags/banner", FlagFixtures.banner("banner", "create"));
        admin.put("/api/v1/flags/greeting", FlagFixtures.stringFlag("greeting", "hello", "create"));
        sdk = admin.withToken(admin.post("/api/v1/sdk-keys", "{\"env\":\"staging\",\"name\":\"ofrep\"}")
                .json()
                .path("key")
                .asText());
        await().until(() ->
                admin.post("/ofrep/v1/evaluate/flags/greeting", "{}").status() == 200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_flag_is_evaluated_with_targeting_in_the_admins_chosen_environment() {
        JsonNode beta = admin.post(
                        "/ofrep/v1/evaluate/flags/banner", "{\"context\":{\"targetingKey\":\"u1\",\"plan\":\"beta\"}}")
                .json();
        assertThat(beta.path("key").asText()).isEqualTo("banner");
        assertThat(beta.path("value").asBoolean()).isTrue();
        assertThat(beta.path("variant").asText()).isEqualTo("on");
        assertThat(beta.path("reason").asText()).isEqualTo("TARGETING_MATCH");
        JsonNode other = admin.post("/ofrep/v1/evaluate/flags/banner", "{\"context\":{\"targetingKey\":\"u2\"}}")
                .json();
        assertThat(other.path("value").asBoolean()).isFalse();
    }

    @Test
    void an_sdk_key_evaluates_in_its_own_environment() {
        JsonNode r = sdk.post("/ofrep/v1/evaluate/flags/banner", "{\"context\":{\"targetingKey\":\"u2\"}}")
                .json();
        assertThat(r.path("value").asBoolean())
                .as("staging serves on to everyone")
                .isTrue();
        assertThat(sdk.post("/ofrep/v1/evaluate/flags/banner?env=production", "{}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void errors_follow_ofrep() {
        Api.Response missing = admin.post("/ofrep/v1/evaluate/flags/nope", "{\"context\":{}}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("errorCode").asText()).isEqualTo("FLAG_NOT_FOUND");
        assertThat(missing.json().path("key").asText()).isEqualTo("nope");
        Api.Response parse = admin.post("/ofrep/v1/evaluate/flags/banner", "{oops");
        assertThat(parse.status()).isEqualTo(400);
        assertThat(parse.json().path("errorCode").asText()).isEqualTo("PARSE_ERROR");
        Api.Response ctx = admin.post("/ofrep/v1/evaluate/flags/banner", "{\"context\":{\"targetingKey\":42}}");
        assertThat(ctx.status()).isEqualTo(400);
        assertThat(ctx.json().path("errorCode").asText()).isEqualTo("INVALID_CONTEXT");
        assertThat(ctx.json().path("errorDetails").asText()).contains("context.targetingKey");
    }

    @Test
    void a_body_or_context_of_the_wrong_type_is_named_and_an_unknown_flag_is_404_for_an_sdk_key_too() {
        Api.Response array = sdk.post("/ofrep/v1/evaluate/flags/banner", "[]");
        assertThat(array.status()).isEqualTo(400);
        assertThat(array.json().path("errorCode").asText()).isEqualTo("PARSE_ERROR");
        assertThat(array.json().path("errorDetails").asText()).isEqualTo("body: expected a JSON object");
        Api.Response context = sdk.post("/ofrep/v1/evaluate/flags/banner", "{\"context\":\"u1\"}");
        assertThat(context.status()).isEqualTo(400);
        assertThat(context.json().path("errorCode").asText()).isEqualTo("INVALID_CONTEXT");
        assertThat(context.json().path("errorDetails").asText()).isEqualTo("context: expected a JSON object");
        Api.Response bulk = sdk.post("/ofrep/v1/evaluate/flags", "{\"context\":[1]}");
        assertThat(bulk.status()).isEqualTo(400);
        assertThat(bulk.json().path("errorCode").asText()).isEqualTo("INVALID_CONTEXT");
        Api.Response missing = sdk.post("/ofrep/v1/evaluate/flags/nope", "{\"context\":{}}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("errorCode").asText()).isEqualTo("FLAG_NOT_FOUND");
        assertThat(missing.json().path("errorDetails").asText()).isEqualTo("flag \"nope\" not found");
    }

    @Test
    void a_body_over_1_mib_is_refused_before_it_is_read_whole() {
        Api.Response huge =
                sdk.post("/ofrep/v1/evaluate/flags/banner", "{\"context\":{\"bio\":\"" + "x".repeat(1 << 21) + "\"}}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.error()).startsWith("body: must be at most 1048576 bytes");
    }

    @Test
    void a_pattern_that_backtracking_engines_take_forever_on_is_evaluated_over_a_100000_character_attribute() {
        admin.put(
                "/api/v1/flags/nested",
                FlagFixtures.banner("nested", "create")
                        .replace(
                                "\"attribute\":\"plan\",\"op\":\"equals\",\"values\":[\"beta\"]",
                                "\"attribute\":\"name\",\"op\":\"matches\",\"values\":[\"(a+)+$\"]"));
        await().until(() -> admin.post("/ofrep/v1/evaluate/flags/nested", "{}").status() == 200);
        String attack = "{\"context\":{\"targetingKey\":\"u\",\"name\":\"" + "a".repeat(100_000) + "!\"}}";
        JsonNode r = admin.post("/ofrep/v1/evaluate/flags/nested", attack).json(); // returns: that is the test
        assertThat(r.path("value").asBoolean()).isFalse();
        assertThat(r.path("reason").asText()).isEqualTo("DEFAULT");
    }

    @Test
    void bulk_evaluation_returns_every_flag_and_honours_the_etag() {
        Api.Response bulk = admin.post("/ofrep/v1/evaluate/flags", "{\"context\":{\"targetingKey\":\"u\"}}");
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.json().path("flags").findValuesAsText("key")).contains("banner", "greeting");
        assertThat(bulk.json().path("flags").findValuesAsText("value")).contains("hello");
    }
}
