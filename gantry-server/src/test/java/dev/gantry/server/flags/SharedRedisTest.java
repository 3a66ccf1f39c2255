package dev.gantry.server.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.flags.EvaluationContext;
import dev.gantry.flags.FlagsClient;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.store.Redis;
import dev.gantry.server.store.TestRedis;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several control planes on one Redis (and a replica): pub/sub fan-out, SDK reconnects, replica reads. */
class SharedRedisTest {
    @TempDir
    static Path dir;

    static TestRedis redis;

    @BeforeAll
    static void startRedis() throws Exception {
        Files.createDirectories(dir.resolve("redis"));
        redis = TestRedis.primary(dir.resolve("redis"));
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    static GantryServer server(String name, int port) throws Exception {
        return GantryServer.start(
                ServerConfig.of(dir.resolve(name), port).withRedis(redis.uri()), List.of(FlagsFeature::new));
    }

    @Test
    void a_write_on_one_control_plane_reaches_a_stream_on_another() throws Exception {
        try (GantryServer a = server("a", 0);
                GantryServer b = server("b", 0)) {
            Api onA = new Api(a.apiUrl(), a.token());
            try (RawSseClient onB = new RawSseClient(b.apiUrl() + "/api/v1/flags/stream", b.token(), null)) {
                await().until(() -> !onB.events("snapshot").isEmpty());
                onA.put("/api/v1/flags/cross", FlagFixtures.banner("cross", "from a"));
                await().until(() ->
                        onB.events("flag").stream().anyMatch(e -> e.data().contains("\"key\":\"cross\"")));
            }
        }
    }

    @Test
    void a_credential_revoked_on_one_control_plane_is_refused_and_its_stream_closed_on_another() throws Exception {
        try (GantryServer a = server("revoke-a", 0);
                GantryServer b = server("revoke-b", 0)) {
            Api onA = new Api(a.apiUrl(), a.token());
            String viewer = onA.post("/api/v1/tokens", "{\"name\":\"shared-viewer\",\"role\":\"viewer\"}")
                    .json()
                    .path("token")
                    .asText();
            Api viewerOnB = new Api(b.apiUrl(), viewer);
            assertThat(viewerOnB.get("/api/v1/flags").status()).isEqualTo(200);
            try (RawSseClient onB = new RawSseClient(b.apiUrl() + "/api/v1/flags/stream", viewer, null)) {
                await().until(() -> !onB.events("snapshot").isEmpty());

                assertThat(onA.delete("/api/v1/tokens/shared-viewer").status()).isEqualTo(204);

                assertThat(viewerOnB.get("/api/v1/flags").status()).isEqualTo(401);
                await().atMost(java.time.Duration.ofSeconds(10)).until(onB::ended);
            }
        }
    }

    @Test
    void a_credential_revoked_and_created_again_under_its_name_still_closes_the_old_ones_stream_on_another()
            throws Exception {
        // rotating a leaked credential: revoke it and create one of the same name with a new secret, at once
        try (GantryServer a = server("rotate-a", 0);
                GantryServer b = server("rotate-b", 0)) {
            Api onA = new Api(a.apiUrl(), a.token());
            String body = "{\"name\":\"rotated-viewer\",\"role\":\"viewer\"}";
            String leaked =
                    onA.post("/api/v1/tokens", body).json().path("token").asText();
            try (RawSseClient onB = new RawSseClient(b.apiUrl() + "/api/v1/flags/stream", leaked, null)) {
                await().until(() -> !onB.events("snapshot").isEmpty());

                assertThat(onA.delete("/api/v1/tokens/rotated-viewer").status()).isEqualTo(204);
                assertThat(onA.post("/api/v1/tokens", body).status()).isEqualTo(201);

                assertThat(new Api(b.apiUrl(), leaked).get("/api/v1/flags").status())
                        .isEqualTo(401);
                await().atMost(java.time.Duration.ofSeconds(10)).until(onB::ended);
            }
        }
    }

    @Test
    void the_sdk_client_gets_changes_and_catches_up_after_its_control_plane_restarts() throws Exception {
        int port = TestRedis.freePort();
        GantryServer a = server("sdk-a", port);
        try (GantryServer b = server("sdk-b", 0)) {
            Api admin = new Api(b.apiUrl(), b.token());
            admin.put("/api/v1/flags/sdk-flag", FlagFixtures.stringFlag("sdk-flag", "one", "create"));
            String key = admin.post("/api/v1/sdk-keys", "{\"env\":\"production\",\"name\":\"sdk-test\"}")
                    .json()
                    .path("key")
                    .asText();
            AtomicInteger notified = new AtomicInteger();
            try (FlagsClient client = FlagsClient.builder()
                    .baseUrl(URI.create(a.apiUrl()))
                    .sdkKey(key)
                    .environment("production")
                    .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                    .build()) {
                client.addListener(keys -> notified.incrementAndGet());
                client.start();
                assertThat(client.awaitReady(Duration.ofSeconds(10))).isTrue();
                assertThat(client.stringValue("sdk-flag", EvaluationContext.of("u"), "?"))
                        .isEqualTo("one");

                admin.put("/api/v1/flags/sdk-flag", FlagFixtures.stringFlag("sdk-flag", "two", "live change"));
                await().until(() -> client.stringValue("sdk-flag", EvaluationContext.of("u"), "?")
                        .equals("two"));

                a.close();
                admin.put("/api/v1/flags/sdk-flag", FlagFixtures.stringFlag("sdk-flag", "three", "while a is down"));
                admin.put("/api/v1/flags/other", FlagFixtures.stringFlag("other", "x", "while a is down"));
                long version =
                        admin.get("/api/v1/flags/other").json().path("version").asLong();
                assertThat(version).isEqualTo(1);
                a = server("sdk-a", port);
                GantryServer restarted = a;
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> client.stringValue("sdk-flag", EvaluationContext.of("u"), "?")
                                .equals("three"));
                assertThat(client.stringValue("other", EvaluationContext.of("u"), "?"))
                        .isEqualTo("x");
                assertThat(restarted.apiPort()).isEqualTo(port);
            }
        } finally {
            a.close();
        }
    }

    @Test
    void flag_reads_can_come_from_a_replica_and_follow_the_writes() throws Exception {
        Files.createDirectories(dir.resolve("replica"));
        try (TestRedis replica = TestRedis.replicaOf(redis, dir.resolve("replica"));
                GantryServer s = GantryServer.start(
                        ServerConfig.of(dir.resolve("r"), 0).withRedis(redis.uri()),
                        List.of(r -> new FlagsFeature(r, replica.uri(), FlagsSettings.defaults(), Clock.systemUTC())));
                Redis replicaAdmin = new Redis(replica.uri())) {
            Api api = new Api(s.apiUrl(), s.token());
            await().until(() -> replicaAdmin.sync().info("replication").contains("master_link_status:up"));
            long before = hgetCalls(replicaAdmin);
            api.put("/api/v1/flags/replicated", FlagFixtures.banner("replicated", "create"));
            await().until(() -> api.get("/api/v1/flags/replicated").status() == 200);
            api.post("/api/v1/flags/replicated/toggle", "{\"env\":\"production\",\"on\":false,\"reason\":\"r\"}");
            await().until(() -> api.get("/api/v1/flags/replicated")
                            .json()
                            .at("/environments/production/enabled")
                            .asBoolean()
                    == false);
            assertThat(hgetCalls(replicaAdmin))
                    .as("GETs were answered by the replica")
                    .isGreaterThan(before);
            assertThat(api.get("/api/v1/flags").json().findValuesAsText("key")).contains("replicated");
        }
    }

    @Test
    void every_control_plane_hands_instances_the_same_working_sdk_key() throws Exception {
        try (Redis r = new Redis(redis.uri());
                FlagsFeature one = new FlagsFeature(r);
                FlagsFeature two = new FlagsFeature(r);
                GantryServer s = server("instances", 0)) {
            String key = one.instanceEnv().get("GANTRY_SDK_KEY");
            assertThat(key).startsWith("gsdk_");
            assertThat(two.instanceEnv())
                    .containsEntry("GANTRY_SDK_KEY", key)
                    .containsEntry("GANTRY_FLAGS_ENV", "production");
            try (RawSseClient sse = new RawSseClient(s.apiUrl() + "/api/v1/flags/stream", key, null)) {
                assertThat(sse.status()).isEqualTo(200);
            }
        }
    }

    static long hgetCalls(Redis r) {
        for (String line : r.sync().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_hget:"))
                return Long.parseLong(line.replaceAll("^cmdstat_hget:calls=(\\d+).*", "$1"));
        }
        return 0;
    }
}
