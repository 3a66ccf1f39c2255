package dev.gantry.server.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlagValidationTest {
  @TempDir
  static Path dir;
  static GantryServer server;
  static Api api;
  static String storedBefore;

  @BeforeAll
  static void start() throws Exception {
    server = GantryServer.start(ServerConfig.of(dir, 0), List.of(FlagsFeature::new));
    api = new Api(server.apiUrl(), server.token());
    api.put("/api/v1/segments/used", "{\"key\":\"used\",\"included\":[\"u1\"],\"reason\":\"setup\"}");
    api.put("/api/v1/flags/banner", FlagFixtures.banner("banner", "setup")
        .replace("\"attribute\":\"plan\",\"op\":\"equals\",\"values\":[\"beta\"]", "\"attribute\":\"targetingKey\",\"op\":\"inSegment\",\"values\":[\"used\"]"));
    storedBefore = api.get("/api/v1/flags/banner").text();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> badWrites() {
    String good = FlagFixtures.banner("banner", "edit");
    return Stream.of(
        Arguments.of("invalid regex", "PUT", "/api/v1/flags/banner",
            good.replace("\"op\":\"equals\",\"values\":[\"beta\"]", "\"op\":\"matches\",\"values\":[\"(unclosed\"]"),
            400, "environments.production.rules[0].conditions[0]"),
        Arguments.of("weights not adding up", "POST", "/api/v1/flags/banner/rollout",
            "{\"env\":\"production\",\"weights\":{\"on\":30000,\"off\":30000},\"reason\":\"r\"}", 400, "weights: must add up to 100000"),
        Arguments.of("rule naming an unknown variant", "PUT", "/api/v1/flags/banner",
            good.replace("\"variant\":\"on\"", "\"variant\":\"blue\""), 400, "environments.production.rules[0].variant: unknown variant"),
        Arguments.of("variant of the wrong type", "PUT", "/api/v1/flags/banner",
            good.replace("\"on\":true", "\"on\":\"yes\""), 400, "variants.on: expected boolean"),
        Arguments.of("missing reason", "PUT", "/api/v1/flags/banner", good.replace(",\n \"reason\":\"edit\"", "").replace("\"reason\":\"edit\"", "\"description\":\"x\""),
            400, "reason: is required"),
        Arguments.of("blank reason", "POST", "/api/v1/flags/banner/toggle", "{\"env\":\"production\",\"on\":false,\"reason\":\"  \"}", 400, "reason: is required"),
        Arguments.of("missing reason on delete", "DELETE", "/api/v1/flags/banner", null, 400, "reason: is required"),
        Arguments.of("unknown flag", "POST", "/api/v1/flags/nope/toggle", "{\"env\":\"production\",\"on\":true,\"reason\":\"r\"}", 404, "flag nope not found"),
        Arguments.of("unknown JSON field", "PUT", "/api/v1/flags/banner", good.replace("\"type\"", "\"colour\":\"red\",\"type\""), 400, "unknown field \"colour\""),
        Arguments.of("unknown nested JSON field", "PUT", "/api/v1/flags/banner", good.replace("\"enabled\":true,\"defaultVariant\":\"on\"", "\"enabled\":true,\"dflt\":\"on\""),
            400, "environments.staging: unknown field \"dflt\""),
        Arguments.of("segment that does not exist", "PUT", "/api/v1/flags/banner",
            good.replace("\"attribute\":\"plan\",\"op\":\"equals\",\"values\":[\"beta\"]", "\"attribute\":\"targetingKey\",\"op\":\"inSegment\",\"values\":[\"ghosts\"]"),
            400, "ghosts"),
        Arguments.of("deleting a segment in use", "DELETE", "/api/v1/segments/used?reason=r", null, 409, "used by flag(s) banner"),
        Arguments.of("path and body keys differ", "PUT", "/api/v1/flags/banner", FlagFixtures.banner("other", "r"), 400, "key: the path names flag \"banner\""),
        Arguments.of("toggle without env", "POST", "/api/v1/flags/banner/toggle", "{\"on\":true,\"reason\":\"r\"}", 400, "env: is required"),
        Arguments.of("not JSON", "PUT", "/api/v1/flags/banner", "{nope", 400, "invalid JSON"),
        Arguments.of("toggle on an environment without a default", "POST", "/api/v1/flags/banner/toggle",
            "{\"env\":\"qa\",\"on\":true,\"reason\":\"r\"}", 400, "environments.qa.defaultVariant"));
  }

  @ParameterizedTest(name = "{0} is refused with {4} and changes nothing")
  @MethodSource("badWrites")
  void a_bad_write_is_refused_naming_the_field_and_nothing_changes(String what, String method, String path, String body, int status, String message) {
    Api.Response r = switch (method) {
      case "PUT" -> api.put(path, body);
      case "POST" -> api.post(path, body);
      default -> api.delete(path);
    };
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    StringBuilder said = new StringBuilder(r.error());
    r.json().path("problems").forEach(p -> said.append('\n').append(p.asText()));
    assertThat(said.toString()).contains(message);
    assertThat(api.get("/api/v1/flags/banner").text()).isEqualTo(storedBefore);
    assertThat(api.get("/api/v1/segments/used").status()).isEqualTo(200);
    assertThat(api.get("/api/v1/flags/banner/history").json().size()).isEqualTo(1);
  }

  @Test
  void an_sdk_key_cannot_write_and_gets_403_naming_the_rule() {
    String key = api.post("/api/v1/sdk-keys", "{\"env\":\"production\",\"name\":\"writer\"}").json().path("key").asText();
    Api sdk = api.withToken(key);
    Api.Response put = sdk.put("/api/v1/flags/banner", FlagFixtures.banner("banner", "sneaky"));
    assertThat(put.status()).isEqualTo(403);
    assertThat(put.error()).contains("SDK keys are read-only");
    assertThat(sdk.delete("/api/v1/flags/banner?reason=x").status()).isEqualTo(403);
    assertThat(sdk.post("/api/v1/sdk-keys", "{\"env\":\"production\",\"name\":\"more\"}").status()).isEqualTo(403);
    assertThat(api.get("/api/v1/flags/banner").text()).isEqualTo(storedBefore);
  }

  @Test
  void a_wrong_sdk_key_gets_401() {
    Api wrong = api.withToken("gsdk_0000000000000000000000000000");
    assertThat(wrong.get("/api/v1/flags").status()).isEqualTo(401);
    assertThat(wrong.post("/ofrep/v1/evaluate/flags/banner", "{\"context\":{}}").status()).isEqualTo(401);
  }

  @Test
  void an_sdk_key_for_one_environment_cannot_stream_another() throws Exception {
    String key = api.post("/api/v1/sdk-keys", "{\"env\":\"production\",\"name\":\"prod-only\"}").json().path("key").asText();
    try (RawSseClient other = new RawSseClient(server.apiUrl() + "/api/v1/flags/stream?env=staging", key, null)) {
      assertThat(other.status()).isEqualTo(403);
    }
    try (RawSseClient own = new RawSseClient(server.apiUrl() + "/api/v1/flags/stream?env=production", key, null)) {
      assertThat(own.status()).isEqualTo(200);
    }
  }
}
