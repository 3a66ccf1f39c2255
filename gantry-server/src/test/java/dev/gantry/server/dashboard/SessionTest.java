package dev.gantry.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.Json;
import dev.gantry.api.Problem;
import dev.gantry.api.TokenCreated;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.flags.FlagsFeature;
import dev.gantry.server.store.TestRedis;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dashboard logins against two real control planes sharing one Redis (port 0, the flags feature; the second's
 * sessions last 1 s): the cookie, the CSRF token, roles, logout, revocation, expiry, and what is refused.
 */
class SessionTest {
    private static final String FLAG = """
      {"key":"banner","type":"boolean","variants":{"on":true,"off":false},
       "environments":{"production":{"enabled":false,"defaultVariant":"off"}},"reason":"setup"}""";
    private static final String TOGGLE = "{\"env\":\"production\",\"on\":true,\"reason\":\"launch\"}";

    @TempDir
    static Path dir;

    static TestRedis redis;
    static GantryServer server;
    static GantryServer second;
    static ControlPlaneClient admin;

    @BeforeAll
    static void start() throws Exception {
        redis = TestRedis.primary(java.nio.file.Files.createDirectories(dir.resolve("redis")));
        server = GantryServer.start(
                ServerConfig.of(dir.resolve("a"), 0).withRedis(redis.uri()), List.of(FlagsFeature::new));
        second = GantryServer.start(
                ServerConfig.of(dir.resolve("b"), 0).withRedis(redis.uri()).withSessionTtl(Duration.ofSeconds(1)),
                List.of(FlagsFeature::new));
        admin = ControlPlaneClient.builder(server.apiUrl())
                .token(server.token())
                .retryFor(Duration.ZERO)
                .build();
        admin.exchange("PUT", "/api/v1/flags/banner", FLAG, "application/json");
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        second.close();
        server.close();
        redis.close();
    }

    @Test
    void aDeployerLogsInAndGetsAnHttpOnlyStrictCookieThatActsWithItsRole() throws Exception {
        Browser b = new Browser(server.apiUrl());
        HttpResponse<String> login = b.login(create("dana", "deployer"));

        assertThat(login.statusCode()).isEqualTo(200);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie)
                .startsWith("gantry_session=")
                .contains("; Path=/", "; HttpOnly", "; SameSite=Strict", "; Max-Age=43200")
                .doesNotContain("Secure");
        assertThat(b.cookie).matches("[A-Za-z0-9_-]{43}");
        SessionInfo info = Json.read(login.body(), SessionInfo.class);
        assertThat(info.name()).isEqualTo("dana");
        assertThat(info.role()).isEqualTo("deployer");
        assertThat(info.csrf()).isNotBlank().isNotEqualTo(b.cookie);
        assertThat(info.expiresAt()).isGreaterThan(System.currentTimeMillis());

        assertThat(Json.read(b.get("/api/v1/session").body(), SessionInfo.class))
                .isEqualTo(info);
        assertThat(b.get("/api/v1/apps").statusCode()).isEqualTo(200);
        assertThat(b.write("POST", "/api/v1/flags/banner/toggle", TOGGLE).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theSessionIsStoredOnlyAsTheDigestOfTheCookie() throws Exception {
        Browser b = new Browser(server.apiUrl());
        b.login(create("hashed", "viewer"));

        try (var r = new dev.gantry.server.store.Redis(redis.uri())) {
            List<String> keys = r.sync().keys("gantry:session:*");
            assertThat(keys).contains("gantry:session:" + SessionStore.digest(b.cookie));
            assertThat(keys).noneMatch(k -> k.contains(b.cookie));
            assertThat(r.sync().pttl("gantry:session:" + SessionStore.digest(b.cookie)))
                    .isBetween(1L, Duration.ofHours(12).toMillis());
        }
    }

    @Test
    void aWrongTokenGetsTheSameAnswerWhetherOrNotSuchACredentialExists() throws Exception {
        Browser b = new Browser(server.apiUrl());
        HttpResponse<String> unknown = b.login("gty_" + "0".repeat(64));
        HttpResponse<String> garbage = b.login("letmein");

        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(detail(unknown)).isEqualTo("wrong token");
        assertThat(garbage.body()).isEqualTo(unknown.body());
        assertThat(unknown.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(b.cookie).isNull();
    }

    @Test
    void agentAndMetricsCredentialsCannotLogIn() throws Exception {
        Browser b = new Browser(server.apiUrl());
        HttpResponse<String> metrics = b.login(create("scraper", "metrics"));
        HttpResponse<String> agent = b.login(
                admin.post("/api/v1/agents/h9/join", null, TokenCreated.class).token());

        assertThat(metrics.statusCode()).isEqualTo(403);
        assertThat(detail(metrics))
                .isEqualTo("credential scraper has the role metrics: only admin, deployer and viewer credentials"
                        + " may log in to the dashboard");
        assertThat(agent.statusCode()).isEqualTo(403);
        assertThat(detail(agent)).contains("credential agent:h9 has the role agent");
        assertThat(b.cookie).isNull();
    }

    @Test
    void aCookieWriteWithoutOrWithAWrongCsrfTokenIsRefusedAndWithItPasses() throws Exception {
        Browser b = new Browser(server.apiUrl());
        b.login(create("writer", "deployer"));

        HttpResponse<String> none = b.send("POST", "/api/v1/flags/banner/toggle", TOGGLE, Map.of());
        HttpResponse<String> wrong =
                b.send("POST", "/api/v1/flags/banner/toggle", TOGGLE, Map.of(Sessions.CSRF_HEADER, "x" + b.csrf));

        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(detail(none))
                .isEqualTo("CSRF token missing or wrong: send X-Gantry-CSRF with the value from GET /api/v1/session");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(b.write("POST", "/api/v1/flags/banner/toggle", TOGGLE).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aCookieWriteFromAnotherOriginIsRefusedEvenWithTheToken() throws Exception {
        Browser b = new Browser(server.apiUrl());
        b.login(create("origin", "deployer"));

        HttpResponse<String> cross = b.send(
                "POST",
                "/api/v1/flags/banner/toggle",
                TOGGLE,
                Map.of(Sessions.CSRF_HEADER, b.csrf, "Origin", "https://evil.example"));
        HttpResponse<String> same = b.send(
                "POST",
                "/api/v1/flags/banner/toggle",
                TOGGLE,
                Map.of(Sessions.CSRF_HEADER, b.csrf, "Origin", server.apiUrl()));

        assertThat(cross.statusCode()).isEqualTo(403);
        assertThat(detail(cross)).startsWith("cross-site request refused: Origin https://evil.example");
        assertThat(same.statusCode()).isEqualTo(200);
    }

    @Test
    void aViewerSessionTogglingAFlagIsRefusedAndTheFlagStaysAsItWas() throws Exception {
        String before =
                admin.exchange("GET", "/api/v1/flags/banner", null, null).body();
        Browser b = new Browser(server.apiUrl());
        b.login(create("vera", "viewer"));

        HttpResponse<String> r = b.write("POST", "/api/v1/flags/banner/toggle", TOGGLE);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(detail(r)).contains("needs the role admin or deployer; credential vera has the role viewer");
        assertThat(admin.exchange("GET", "/api/v1/flags/banner", null, null).body())
                .isEqualTo(before);
        assertThat(b.get("/api/v1/flags/banner").statusCode()).isEqualTo(200);
    }

    @Test
    void loggingOutEndsTheSessionAndClearsTheCookie() throws Exception {
        Browser b = new Browser(server.apiUrl());
        b.login(create("leaver", "viewer"));

        assertThat(b.send("DELETE", "/api/v1/session", null, Map.of()).statusCode())
                .as("without the CSRF token")
                .isEqualTo(403);
        HttpResponse<String> out = b.write("DELETE", "/api/v1/session", null);

        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("gantry_session=;")
                .contains("Max-Age=0");
        HttpResponse<String> after = b.get("/api/v1/session");
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(detail(after)).startsWith("session expired or ended");
    }

    @Test
    void revokingTheCredentialEndsItsSessionsOnEveryControlPlane() throws Exception {
        Browser here = new Browser(server.apiUrl());
        here.login(create("temp", "deployer"));
        Browser there = new Browser(second.apiUrl());
        there.cookie = here.cookie;

        admin.delete("/api/v1/tokens/temp");

        assertThat(here.get("/api/v1/apps").statusCode()).isEqualTo(401);
        assertThat(detail(there.get("/api/v1/apps")))
                .isEqualTo("session expired or ended: log in again (POST /api/v1/session with a token)");
    }

    @Test
    void aSessionCreatedOnOneControlPlaneWorksOnASecondOneOnTheSameRedis() throws Exception {
        Browser here = new Browser(server.apiUrl());
        here.login(create("roamer", "deployer"));
        Browser there = new Browser(second.apiUrl());
        there.cookie = here.cookie;
        there.csrf = here.csrf;

        assertThat(Json.read(there.get("/api/v1/session").body(), SessionInfo.class)
                        .name())
                .isEqualTo("roamer");
        assertThat(there.write("POST", "/api/v1/flags/banner/toggle", TOGGLE).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aSessionEndsWhenItsCredentialExpires() throws Exception {
        String token = admin.post(
                        "/api/v1/tokens",
                        Map.of("name", "brief", "role", "viewer", "expires", "2s"),
                        TokenCreated.class)
                .token();
        Browser b = new Browser(server.apiUrl());
        HttpResponse<String> login = b.login(token);
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).containsPattern("Max-Age=[12]$");
        assertThat(b.get("/api/v1/apps").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> b.get("/api/v1/apps").statusCode() == 401);
    }

    @Test
    void aSessionEndsWhenItsTimeIsUp() throws Exception {
        Browser b = new Browser(second.apiUrl());
        HttpResponse<String> login = b.login(create("short", "viewer"));
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).endsWith("Max-Age=1");

        await().atMost(Duration.ofSeconds(10)).until(() -> b.get("/api/v1/apps").statusCode() == 401);
        assertThat(detail(b.get("/api/v1/session"))).startsWith("session expired or ended");
    }

    @Test
    void aBearerRequestNeedsNoCsrfTokenAndHasNoSession() throws Exception {
        assertThat(admin.exchange("POST", "/api/v1/flags/banner/toggle", TOGGLE, "application/json")
                        .status())
                .isEqualTo(200);
        assertThat(admin.exchange("GET", "/api/v1/session", null, null).status())
                .isEqualTo(401);
    }

    private static String create(String name, String role) throws Exception {
        return admin.post("/api/v1/tokens", Map.of("name", name, "role", role), TokenCreated.class)
                .token();
    }

    static String detail(HttpResponse<String> r) {
        return Json.read(r.body(), Problem.class).detail();
    }
}
