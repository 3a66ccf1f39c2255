package dev.gantry.server.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagApiTest {
    @TempDir
    static Path dir;

    static GantryServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = GantryServer.start(ServerConfig.of(dir, 0), List.of(FlagsFeature::new));
        api = new Api(server.apiUrl(), server.token());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_flag_is_created_read_listed_replaced_and_deleted() {
        Api.Response created = api.as("alice").put("/api/v1/flags/crud", FlagFixtures.banner("crud", "first cut"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("version").asLong()).isEqualTo(1);
        assertThat(created.json().path("updatedBy").asText()).isEqualTo("alice");

        JsonNode got = api.get("/api/v1/flags/crud").json();
        assertThat(got.path("environments")
                        .path("production")
                        .path("rules")
                        .get(0)
                        .path("variant")
                        .asText())
                .isEqualTo("on");
        assertThat(api.get("/api/v1/flags").json().findValuesAsText("key")).contains("crud");

        Api.Response replaced = api.put(
                "/api/v1/flags/crud", FlagFixtures.banner("crud", "second cut").replace("\"new banner\"", "\"v2\""));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().path("version").asLong()).isEqualTo(2);
        assertThat(api.get("/api/v1/flags/crud").json().path("description").asText())
                .isEqualTo("v2");

        assertThat(api.delete("/api/v1/flags/crud?reason=cleanup").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/flags/crud").status()).isEqualTo(404);
    }

    @Test
    void toggle_and_rollout_change_one_environment_and_keep_the_rest() {
        api.put("/api/v1/flags/helpers", FlagFixtures.banner("helpers", "create"));
        Api.Response off = api.post(
                "/api/v1/flags/helpers/toggle", "{\"env\":\"production\",\"on\":false,\"reason\":\"incident 12\"}");
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.json().at("/environments/production/enabled").asBoolean())
                .isFalse();
        assertThat(off.json().at("/environments/production/rules/0/id").asText())
                .isEqualTo("beta");
        assertThat(off.json().at("/environments/staging/enabled").asBoolean()).isTrue();

        Api.Response pct = api.post(
                "/api/v1/flags/helpers/rollout",
                "{\"env\":\"production\",\"percentages\":{\"on\":12.5,\"off\":87.5},\"reason\":\"ramp\"}");
        assertThat(pct.status()).isEqualTo(200);
        assertThat(pct.json()
                        .at("/environments/production/rollout/weights/0/weight")
                        .asInt())
                .isEqualTo(12_500);

        Api.Response units = api.post(
                "/api/v1/flags/helpers/rollout",
                "{\"env\":\"production\",\"weights\":{\"on\":25000,\"off\":75000},\"reason\":\"ramp more\"}");
        assertThat(units.json()
                        .at("/environments/production/rollout/weights/0/weight")
                        .asInt())
                .isEqualTo(25_000);
        assertThat(units.json().path("version").asLong()).isEqualTo(4);
    }

    @Test
    void history_records_who_when_why_with_before_and_after() {
        api.as("alice").put("/api/v1/flags/audited", FlagFixtures.banner("audited", "launch prep"));
        api.as("bob")
                .post(
                        "/api/v1/flags/audited/toggle",
                        "{\"env\":\"production\",\"on\":false,\"reason\":\"error spike\"}");
        api.as("carol").delete("/api/v1/flags/audited?reason=feature%20shipped");

        JsonNode history = api.get("/api/v1/flags/audited/history").json();
        assertThat(history.size()).isEqualTo(3);
        assertThat(history.findValuesAsText("actor")).containsExactly("carol", "bob", "alice");
        assertThat(history.findValuesAsText("reason")).containsExactly("feature shipped", "error spike", "launch prep");
        assertThat(history.findValuesAsText("action")).containsExactly("delete", "toggle off production", "create");
        JsonNode toggle = history.get(1);
        assertThat(toggle.path("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(toggle.at("/before/environments/production/enabled").asBoolean())
                .isTrue();
        assertThat(toggle.at("/after/environments/production/enabled").asBoolean())
                .isFalse();
        assertThat(history.get(0).path("after").isNull()).isTrue();
        assertThat(history.get(2).path("before").isNull()).isTrue();
    }

    @Test
    void a_stale_version_gets_409_naming_who_changed_it() {
        api.put("/api/v1/flags/occ", FlagFixtures.banner("occ", "create"));
        api.as("bob").post("/api/v1/flags/occ/toggle", "{\"env\":\"production\",\"on\":false,\"reason\":\"r\"}");
        Api.Response stale = api.put(
                "/api/v1/flags/occ",
                FlagFixtures.banner("occ", "edit").replace("\"reason\"", "\"version\":1,\"reason\""));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.error())
                .startsWith("flag occ was changed by bob at ")
                .endsWith("(version 2); reload and retry");
        Api.Response fresh = api.put(
                "/api/v1/flags/occ",
                FlagFixtures.banner("occ", "edit").replace("\"reason\"", "\"version\":2,\"reason\""));
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.json().path("version").asLong()).isEqualTo(3);
    }

    @Test
    void segments_are_stored_used_by_rules_and_protected_while_in_use() {
        Api.Response seg = api.put(
                "/api/v1/segments/beta-users",
                "{\"key\":\"beta-users\",\"included\":[\"u1\"],\"conditions\":[],\"reason\":\"beta programme\"}");
        assertThat(seg.status()).isEqualTo(201);
        String flag = """
        {"key":"seg-user","type":"boolean","variants":{"on":true,"off":false},
         "environments":{"production":{"enabled":true,"defaultVariant":"off","rules":[
           {"id":"r","conditions":[{"attribute":"targetingKey","op":"inSegment","values":["beta-users"]}],"variant":"on"}]}},
         "reason":"target beta"}
        """;
        assertThat(api.put("/api/v1/flags/seg-user", flag).status()).isEqualTo(201);
        Api.Response inUse = api.delete("/api/v1/segments/beta-users?reason=gone");
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.error()).contains("seg-user");
        assertThat(api.get("/api/v1/segments/beta-users").status()).isEqualTo(200);

        api.delete("/api/v1/flags/seg-user?reason=done");
        assertThat(api.delete("/api/v1/segments/beta-users?reason=gone").status())
                .isEqualTo(204);
        assertThat(api.get("/api/v1/segments/beta-users").status()).isEqualTo(404);
    }

    @Test
    void sdk_keys_are_shown_once_listed_without_secret_and_deleted() {
        Api.Response created = api.post("/api/v1/sdk-keys", "{\"env\":\"production\",\"name\":\"web-list\"}");
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().path("key").asText();
        assertThat(key).startsWith("gsdk_");
        String listed = api.get("/api/v1/sdk-keys").text();
        assertThat(listed).contains("web-list").doesNotContain(key);
        assertThat(api.post("/api/v1/sdk-keys", "{\"env\":\"production\",\"name\":\"web-list\"}")
                        .status())
                .isEqualTo(409);
        assertThat(api.delete("/api/v1/sdk-keys/web-list").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/sdk-keys").text()).doesNotContain("web-list");
    }
}
