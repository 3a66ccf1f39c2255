package dev.gantry.server.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.flags.EvaluationContext;
import dev.gantry.flags.FlagsClient;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.store.Redis;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane on Redis under Sentinel, every part a real process (see {@link SentinelGroup}):
 * the primary is SIGKILLed, Sentinel promotes the replica, and writes, pub/sub and SDK streams
 * carry on against it.
 */
class SentinelTest {
    private static final EvaluationContext USER = EvaluationContext.of("u");

    @TempDir
    Path dir;

    @Test
    void after_the_primary_is_killed_writes_go_to_the_promoted_replica_and_the_sdk_gets_them() throws Exception {
        try (SentinelGroup redis = SentinelGroup.start(dir.resolve("redis"));
                GantryServer server = GantryServer.start(
                        ServerConfig.of(dir.resolve("cp"), 0).withRedis(redis.uri()), List.of(FlagsFeature::new))) {
            Api api = new Api(server.apiUrl(), server.token());
            assertThat(api.put("/api/v1/flags/first", FlagFixtures.stringFlag("first", "one", "before the failover"))
                            .status())
                    .isEqualTo(201);
            assertThat(api.put("/api/v1/flags/second", FlagFixtures.stringFlag("second", "two", "before the failover"))
                            .status())
                    .isEqualTo(201);
            try (FlagsClient sdk = sdk(server, api)) {
                assertThat(sdk.awaitReady(Duration.ofSeconds(10))).isTrue();
                assertThat(sdk.stringValue("first", USER, "?")).isEqualTo("one");
                redis.awaitReplicaCaughtUp();

                redis.killPrimary();
                Api.Response during =
                        api.put("/api/v1/flags/during", FlagFixtures.stringFlag("during", "x", "while failing over"));
                assertThat(during.status()).as(during.text()).isIn(201, 503);
                if (during.status() == 503) assertThat(during.error()).contains("Redis");

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> api.put(
                                                "/api/v1/flags/after",
                                                FlagFixtures.stringFlag("after", "promoted", "after the failover"))
                                        .status()
                                == 201);
                assertThat(redis.currentPrimaryPort())
                        .as("the sentinels promoted the replica")
                        .isEqualTo(redis.replicaPort());
                assertThat(api.get("/api/v1/flags/first")
                                .json()
                                .at("/variants/a")
                                .asText())
                        .isEqualTo("one");
                assertThat(api.get("/api/v1/flags/second")
                                .json()
                                .at("/variants/a")
                                .asText())
                        .isEqualTo("two");

                await().atMost(Duration.ofSeconds(30))
                        .until(() -> sdk.stringValue("after", USER, "?").equals("promoted"));
                assertThat(sdk.stringValue("first", USER, "?")).isEqualTo("one");
                assertThat(sdk.stringValue("second", USER, "?")).isEqualTo("two");
                try (Redis promoted = new Redis(redis.replicaUri())) {
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> promoted.sync()
                                            .pubsubNumsub(FlagStore.CHANNEL)
                                            .get(FlagStore.CHANNEL)
                                    >= 1);
                }
                api.put("/api/v1/flags/later", FlagFixtures.stringFlag("later", "live", "pub/sub is back"));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> sdk.stringValue("later", USER, "?").equals("live"));
            }
        }
    }

    @Test
    void flag_reads_can_come_from_the_replicas_sentinel_knows() throws Exception {
        try (SentinelGroup redis = SentinelGroup.start(dir.resolve("redis"));
                GantryServer server = GantryServer.start(
                        ServerConfig.of(dir.resolve("cp"), 0).withRedis(redis.uri()),
                        List.of(r -> new FlagsFeature(r, redis.uri(), FlagsSettings.defaults(), Clock.systemUTC())));
                Redis replica = new Redis(redis.replicaUri())) {
            Api api = new Api(server.apiUrl(), server.token());
            long before = SharedRedisTest.hgetCalls(replica);
            assertThat(api.put("/api/v1/flags/replicated", FlagFixtures.banner("replicated", "create"))
                            .status())
                    .isEqualTo(201);
            await().until(() -> api.get("/api/v1/flags/replicated").status() == 200);
            assertThat(SharedRedisTest.hgetCalls(replica))
                    .as("GETs were answered by the replica")
                    .isGreaterThan(before);
        }
    }

    private static FlagsClient sdk(GantryServer server, Api api) {
        String key = api.post("/api/v1/sdk-keys", "{\"env\":\"production\",\"name\":\"sentinel-test\"}")
                .json()
                .path("key")
                .asText();
        return FlagsClient.builder()
                .baseUrl(URI.create(server.apiUrl()))
                .sdkKey(key)
                .environment("production")
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .build()
                .start();
    }
}
