package dev.gantry.server.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.Json;
import dev.gantry.api.Problem;
import dev.gantry.api.ProblemType;
import dev.gantry.api.TokenCreated;
import dev.gantry.api.TokenSummary;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.api.client.Reply;
import dev.gantry.api.flags.AuditEntry;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ManualClock;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.flags.FlagsFeature;
import dev.gantry.server.flags.RawSseClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoped credentials against the real control plane (port 0, its embedded Redis, the flags feature). */
class TokensTest {
    private static final String FLAG = """
      {"key":"%s","type":"boolean","variants":{"on":true,"off":false},
       "environments":{"production":{"enabled":true,"defaultVariant":"off"}},"reason":"%s"}""";
    private static final AtomicInteger names = new AtomicInteger();

    @TempDir
    static Path dir;

    static ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));
    static GantryServer server;
    static ControlPlaneClient admin;

    @BeforeAll
    static void start() throws Exception {
        server = GantryServer.start(ServerConfig.of(dir.resolve("data"), 0), List.of(FlagsFeature::new), clock, null);
        admin = client(server.token());
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    @Test
    void aViewerCanReadButNotDeployAndTheAnswerNamesTheRoleNeeded() throws Exception {
        ControlPlaneClient viewer = client(create("viewer").token());

        assertThat(viewer.exchange("GET", "/api/v1/apps", null, null).status()).isEqualTo(200);
        Reply deploy = viewer.exchange("POST", "/api/v1/deploys", "x", "application/gzip");
        assertThat(deploy.status()).isEqualTo(403);
        Problem problem = deploy.json(Problem.class);
        assertThat(problem.kind()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(problem.detail())
                .contains("needs the role admin or deployer")
                .contains("has the role viewer");
        assertThat(viewer.exchange("POST", "/api/v1/apps/web/scale?instances=2", null, null)
                        .status())
                .isEqualTo(403);
        assertThat(viewer.exchange("GET", "/api/v1/tokens", null, null).status())
                .isEqualTo(403);
    }

    @Test
    void aRouterCredentialReadsTheRouteTableAndNothingElse() throws Exception {
        ControlPlaneClient router = client(create("router").token());

        assertThat(router.exchange("GET", "/api/v1/routes", null, null).status())
                .isEqualTo(200);
        for (String path : List.of("/api/v1/apps", "/api/v1/status", "/metrics", "/api/v1/agents/h1/desired")) {
            assertThat(router.exchange("GET", path, null, null).status())
                    .as(path)
                    .isEqualTo(403);
        }
        assertThat(router.exchange("POST", "/api/v1/apps/web/stop", null, null).status())
                .isEqualTo(403);
    }

    @Test
    void aMetricsCredentialScrapesMetricsOnly() throws Exception {
        ControlPlaneClient metrics = client(create("metrics").token());

        assertThat(metrics.exchange("GET", "/metrics", null, null).status()).isEqualTo(200);
        assertThat(metrics.exchange("GET", "/api/v1/routes", null, null).status())
                .isEqualTo(403);
    }

    @Test
    void aRevokedCredentialGets401OnItsNextRequestAndItsOpenStreamIsClosed() throws Exception {
        TokenCreated viewer = create("viewer");
        try (RawSseClient stream = new RawSseClient(server.apiUrl() + "/api/v1/flags/stream", viewer.token(), null)) {
            assertThat(stream.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !stream.events("snapshot").isEmpty());

            assertThat(admin.exchange("DELETE", "/api/v1/tokens/" + viewer.name(), null, null)
                            .status())
                    .isEqualTo(204);

            await().atMost(Duration.ofSeconds(5)).until(stream::ended);
        }
        Reply after = client(viewer.token()).exchange("GET", "/api/v1/apps", null, null);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json(Problem.class).kind()).isEqualTo(ProblemType.UNAUTHORIZED);
    }

    @Test
    void theAuditNamesTheCredentialNotTheActorHeaderTheClientSends() throws Exception {
        TokenCreated deployer = create("deployer");
        ControlPlaneClient lying = client(deployer.token())
                .newBuilder()
                .header("X-Gantry-Actor", "mallory")
                .build();

        Reply put =
                lying.exchange("PUT", "/api/v1/flags/audited", FLAG.formatted("audited", "why"), "application/json");
        assertThat(put.status()).isEqualTo(201);

        AuditEntry[] history = Json.read(
                admin.exchange("GET", "/api/v1/flags/audited/history", null, null)
                        .body(),
                AuditEntry[].class);
        assertThat(history).extracting(AuditEntry::actor).containsExactly(deployer.name());
    }

    @Test
    void anExpiredCredentialGets401() throws Exception {
        TokenCreated shortLived = create("viewer", "1h");
        ControlPlaneClient c = client(shortLived.token());
        assertThat(c.exchange("GET", "/api/v1/apps", null, null).status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(61));

        Reply r = c.exchange("GET", "/api/v1/apps", null, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json(Problem.class).detail()).contains(shortLived.name() + " expired at");
    }

    @Test
    void theListNamesEveryCredentialWithItsRoleAndNeverASecret() throws Exception {
        TokenCreated viewer = create("viewer");
        client(viewer.token()).exchange("GET", "/api/v1/apps", null, null);

        Reply r = admin.exchange("GET", "/api/v1/tokens", null, null);

        assertThat(r.body()).doesNotContain(viewer.token()).doesNotContain(server.token());
        assertThat(r.body()).doesNotContain(Secret.digestHex(viewer.token()));
        TokenSummary[] list = Json.read(r.body(), TokenSummary[].class);
        assertThat(list[0].name()).isEqualTo("admin");
        assertThat(list[0].role()).isEqualTo("admin");
        TokenSummary mine = java.util.Arrays.stream(list)
                .filter(t -> t.name().equals(viewer.name()))
                .findFirst()
                .orElseThrow();
        assertThat(mine.role()).isEqualTo("viewer");
        assertThat(mine.createdBy()).isEqualTo("admin");
        assertThat(mine.lastUsedAt()).isNotNull();
        assertThat(mine.expiresAt()).isNull();
    }

    @Test
    void theBootstrapAdminCannotBeRevokedAndNamesCannotBeTakenTwice() throws Exception {
        assertThat(admin.exchange("DELETE", "/api/v1/tokens/admin", null, null).status())
                .isEqualTo(409);
        TokenCreated once = create("viewer");
        Reply again = admin.exchange(
                "POST", "/api/v1/tokens", "{\"name\":\"" + once.name() + "\",\"role\":\"viewer\"}", "application/json");
        assertThat(again.status()).isEqualTo(409);
        assertThat(admin.exchange("DELETE", "/api/v1/tokens/nobody", null, null).status())
                .isEqualTo(404);
        Reply badRole =
                admin.exchange("POST", "/api/v1/tokens", "{\"name\":\"x\",\"role\":\"root\"}", "application/json");
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.json(Problem.class).field()).isEqualTo("role");
    }

    @Test
    void aJoinTokenBecomesOneAgentCredentialPerHostThatActsForThatHostOnly() throws Exception {
        ControlPlaneClient join = client(create("join").token());
        assertThat(join.exchange("GET", "/api/v1/apps", null, null).status()).isEqualTo(403);

        Reply joined = join.exchange("POST", "/api/v1/agents/joiner-1/join", null, null);
        assertThat(joined.status()).isEqualTo(201);
        TokenCreated agent = joined.json(TokenCreated.class);
        assertThat(agent.name()).isEqualTo("agent:joiner-1");
        assertThat(agent.role()).isEqualTo("agent");
        assertThat(join.exchange("POST", "/api/v1/agents/joiner-1/join", null, null)
                        .status())
                .as("a host joins once; revoke agent:joiner-1 to join again")
                .isEqualTo(409);

        ControlPlaneClient asAgent = client(agent.token());
        assertThat(asAgent.exchange("GET", "/api/v1/agents/joiner-1/desired", null, null)
                        .status())
                .isEqualTo(200);
        assertThat(asAgent.exchange("GET", "/api/v1/agents/other/desired", null, null)
                        .status())
                .isEqualTo(403);
        assertThat(asAgent.exchange("GET", "/api/v1/apps", null, null).status()).isEqualTo(403);
        assertThat(asAgent.exchange("GET", "/api/v1/routes", null, null).status())
                .isEqualTo(403);
    }

    @Test
    void aJoinAsAHostThatIsNoHostNameIsRefusedNamingIt() throws Exception {
        ControlPlaneClient join = client(create("join").token());
        for (String host : List.of("..", ".", "-x", "a%20b", "a:b")) {
            Reply r = join.exchange("POST", "/api/v1/agents/" + host + "/join", null, null);
            assertThat(r.status()).as(host).isIn(400, 404);
            if (r.status() == 400) assertThat(r.json(Problem.class).field()).isEqualTo("host");
        }
        Reply dots = join.exchange("POST", "/api/v1/agents/a..b-/join", null, null);
        assertThat(dots.status()).isEqualTo(201);
    }

    @Test
    void aJoinTokenLastsAnHourByDefault() throws Exception {
        TokenCreated join = create("join");
        assertThat(Instant.parse(join.expiresAt())).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    }

    private static TokenCreated create(String role) throws Exception {
        return create(role, null);
    }

    private static TokenCreated create(String role, String expires) throws Exception {
        String name = role + "-" + names.incrementAndGet();
        String body = "{\"name\":\"" + name + "\",\"role\":\"" + role + "\""
                + (expires == null ? "" : ",\"expires\":\"" + expires + "\"") + "}";
        Reply r = admin.exchange("POST", "/api/v1/tokens", body, "application/json");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json(TokenCreated.class);
    }

    private static ControlPlaneClient client(String token) {
        return ControlPlaneClient.builder(server.apiUrl())
                .token(token)
                .retryFor(Duration.ZERO)
                .build();
    }
}
