package dev.gantry.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.AgentEndpointKey;
import dev.gantry.api.TokenCreated;
import dev.gantry.server.store.Redis;
import dev.gantry.server.store.TestRedis;
import dev.gantry.server.tokens.CredentialStore;
import dev.gantry.server.tokens.Role;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bearer the control plane sends to the address an agent reported (for logs). That address is the
 * reporting agent's choice, so the bearer must never be the admin token, whatever credential the host has.
 */
class AgentEndpointKeyTest {
    private static final String ADMIN = "gty_admin-secret-of-the-token-file";
    static TestRedis server;
    static Redis redis;
    CredentialStore credentials;

    @BeforeAll
    static void startRedis(@TempDir Path dir) throws Exception {
        server = TestRedis.primary(dir);
        redis = new Redis(server.uri());
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
        server.close();
    }

    @BeforeEach
    void empty() {
        redis.sync().flushall();
        ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));
        credentials = new CredentialStore(redis.sync(), clock, CredentialStore.bootstrap(ADMIN, 0));
    }

    @Test
    void aJoinedAgentGetsTheKeyDerivedFromItsOwnCredential() {
        TokenCreated agent = credentials.create("agent:h1", Role.AGENT, null, "joiner");

        assertThat(GantryServer.agentEndpointKey(credentials, ADMIN, "h1"))
                .isEqualTo(AgentEndpointKey.forSecret(agent.token()));
    }

    @Test
    void aHostWhoseAgentCredentialWasRevokedNeverGetsTheAdminToken() {
        credentials.create("agent:h1", Role.AGENT, null, "joiner");
        credentials.revoke("agent:h1"); // revoked because the host is not trusted any more; its last report stays

        String key = GantryServer.agentEndpointKey(credentials, ADMIN, "h1");

        assertThat(key).isNotEqualTo(ADMIN).doesNotContain(ADMIN).startsWith("gak_");
        assertThat(key).isEqualTo(AgentEndpointKey.forSecret(ADMIN)); // what an agent on the admin token accepts
    }

    @Test
    void aHostWithoutAnAgentCredentialNeverGetsTheAdminToken() {
        assertThat(GantryServer.agentEndpointKey(credentials, ADMIN, "h2")).isNotEqualTo(ADMIN);
    }

    @Test
    void aCredentialNamedLikeAnAgentButWithAnotherRoleIsNotTheAgents() {
        TokenCreated viewer = credentials.create("agent:h3", Role.VIEWER, null, "admin");

        assertThat(GantryServer.agentEndpointKey(credentials, ADMIN, "h3"))
                .isNotEqualTo(AgentEndpointKey.forSecret(viewer.token()))
                .isNotEqualTo(ADMIN);
    }
}
