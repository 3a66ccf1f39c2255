package dev.gantry.server.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FlagValidationTest {
    @TempDir
    static Path dir;

    static GantryServer server;
    static Api api;
    static String storedBefore;
    static String segmentBefore;

    @BeforeAll
    static void start() throws Exception {
        server = GantryServer.start(ServerConfig.of(dir, 0), List.of(FlagsFeature::new));
        api = new Api(server.apiUrl(), server.token());
        api.put("/api/v1/segments/used", "{\"key\":\"used\",\"included\":[\"u1\"],\"reason\":\"setup\"}");
        api.put(
                "/api/v1/flags/banner",
                FlagFixtures.banner("banner", "setup")
                        .replace(
                                "\"attribute\":\"plan\",\"op\":\"equals\",\"values\":[\"beta\"]",
                                "\"attribute\":\"targetingKey\",\"op\":\"inSegment\",\"values\":[\"used\"]"));
        storedBefore = api.get("/api/v1/flags/banner").text();
        segmentBefore = api.get("/api/v1/segments/used").text();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} is refused with {4} and changes nothing")
    @MethodSource("dev.gantry.server.flags.BadFlagWrites#all")
    void a_bad_write_is_refused_naming_the_field_and_nothing_changes(
            String what, String method, String path, String body, int status, String message) {
        Api.Response r = switch (method) {
            case "PUT" -> api.put(path, body);
            case "POST" -> api.post(path, body);
            default -> api.delete(path);
        };
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        StringBuilder said = new StringBuilder(r.error());
        r.json().path("problems").forEach(p -> said.append('\n').append(p.asText()));
        assertThat(said.toString()).contains(message);
        assertNothingChanged();
    }

    @Test
    void an_sdk_key_cannot_write_and_gets_403_naming_the_rule() {
        String key = api.post("/api/v1/sdk-keys", "{\"env\":\"production\",\"name\":\"writer\"}")
                .json()
                .path("key")
                .asText();
        Api sdk = api.withToken(key);
        Api.Response put = sdk.put("/api/v1/flags/banner", FlagFixtures.banner("banner", "sneaky"));
        assertThat(put.status()).isEqualTo(403);
        assertThat(put.error()).contains("SDK keys are read-only");
        assertThat(sdk.delete("/api/v1/flags/banner?reason=x").status()).isEqualTo(403);
        assertThat(sdk.post("/api/v1/sdk-keys", "{\"env\":\"production\",\"name\":\"more\"}")
                        .status())
                .isEqualTo(403);
        assertThat(sdk.post(
                                "/api/v1/flags/banner/toggle",
                                "{\"env\":\"production\",\"on\":false,\"reason\":\"sneaky\"}")
                        .status())
                .isEqualTo(403);
        assertThat(sdk.post(
                                "/api/v1/flags/banner/rollout",
                                "{\"env\":\"production\",\"percentages\":{\"on\":100},\"reason\":\"sneaky\"}")
                        .status())
                .isEqualTo(403);
        assertThat(sdk.put("/api/v1/segments/used", "{\"key\":\"used\",\"included\":[\"me\"],\"reason\":\"sneaky\"}")
                        .status())
                .isEqualTo(403);
        assertThat(sdk.delete("/api/v1/segments/used?reason=x").status()).isEqualTo(403);
        assertNothingChanged();
    }

    @Test
    void a_wrong_sdk_key_gets_401_naming_the_token_and_writes_nothing() {
        Api wrong = api.withToken("gsdk_0000000000000000000000000000");
        assertThat(wrong.get("/api/v1/flags").status()).isEqualTo(401);
        assertThat(wrong.post("/ofrep/v1/evaluate/flags/banner", "{\"context\":{}}")
                        .status())
                .isEqualTo(401);
        Api.Response put = wrong.put("/api/v1/flags/banner", FlagFixtures.banner("banner", "sneaky"));
        assertThat(put.status()).isEqualTo(401);
        assertThat(put.error()).isEqualTo("unknown or revoked token");
        assertThat(wrong.post(
                                "/api/v1/flags/banner/toggle",
                                "{\"env\":\"production\",\"on\":false,\"reason\":\"sneaky\"}")
                        .status())
                .isEqualTo(401);
        assertThat(wrong.delete("/api/v1/segments/used?reason=x").status()).isEqualTo(401);
        assertNothingChanged();
    }

    /** The flag and the segment it uses read back byte for byte as stored in setup, each with its one history entry. */
    private static void assertNothingChanged() {
        assertThat(api.get("/api/v1/flags/banner").text()).isEqualTo(storedBefore);
        assertThat(api.get("/api/v1/flags/banner/history").json().size()).isEqualTo(1);
        assertThat(api.get("/api/v1/segments/used").text()).isEqualTo(segmentBefore);
        assertThat(api.get("/api/v1/segments/used/history").json().size()).isEqualTo(1);
        assertThat(api.get("/api/v1/flags").json().findValuesAsText("key")).containsExactly("banner");
    }

    @Test
    void an_sdk_key_for_one_environment_cannot_stream_another() throws Exception {
        String key = api.post("/api/v1/sdk-keys", "{\"env\":\"production\",\"name\":\"prod-only\"}")
                .json()
                .path("key")
                .asText();
        try (RawSseClient other = new RawSseClient(server.apiUrl() + "/api/v1/flags/stream?env=staging", key, null)) {
            assertThat(other.status()).isEqualTo(403);
        }
        try (RawSseClient own = new RawSseClient(server.apiUrl() + "/api/v1/flags/stream?env=production", key, null)) {
            assertThat(own.status()).isEqualTo(200);
        }
    }
}
