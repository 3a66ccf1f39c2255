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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store whose version goes back (wiped, or restored to an older state as after a failover that
 * lost the newest changes) gets a new id, and a connected SDK follows it. Real Redis, real control
 * plane, real SDK.
 */
class StoreIdTest {
    private static final EvaluationContext USER = EvaluationContext.of("u");

    @TempDir
    Path dir;

    private TestRedis redis;
    private Redis admin;
    private GantryServer server;
    private Api api;

    @BeforeEach
    void start() throws Exception {
        redis = TestRedis.primary(Files.createDirectories(dir.resolve("redis")));
        admin = new Redis(redis.uri());
        server = GantryServer.start(
                ServerConfig.of(dir.resolve("cp"), 0).withRedis(redis.uri()), List.of(FlagsFeature::new));
        api = new Api(server.apiUrl(), server.token());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        admin.close();
        redis.close();
    }

    @Test
    void after_redis_is_wiped_a_new_flag_reaches_the_sdk_and_the_old_ones_are_gone() {
        api.put("/api/v1/flags/before", FlagFixtures.stringFlag("before", "old", "before the wipe"));
        api.put("/api/v1/flags/other", FlagFixtures.stringFlag("other", "old", "before the wipe"));
        String idBefore = admin.sync().get(StoreId.KEY);
        try (FlagsClient sdk = sdk()) {
            assertThat(sdk.stringValue("before", USER, "?")).isEqualTo("old");

            admin.sync().flushall();
            assertThat(api.put("/api/v1/flags/after", FlagFixtures.stringFlag("after", "new", "after the wipe"))
                            .status())
                    .isEqualTo(201);

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> sdk.stringValue("after", USER, "?").equals("new"));
            assertThat(sdk.stringValue("before", USER, "?")).isEqualTo("?");
            assertThat(sdk.flagSet().version()).isEqualTo(1);
            assertThat(admin.sync().get(StoreId.KEY)).isNotNull().isNotEqualTo(idBefore);
        }
    }

    @Test
    void a_store_restored_to_an_older_version_gets_a_new_id_and_the_sdk_drops_what_was_lost() {
        api.put("/api/v1/flags/kept", FlagFixtures.stringFlag("kept", "k", "before the backup"));
        try (FlagsClient sdk = sdk()) {
            Map<String, byte[]> backup = dump();
            api.put("/api/v1/flags/lost", FlagFixtures.stringFlag("lost", "l", "after the backup"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> sdk.stringValue("lost", USER, "?").equals("l"));
            String idBefore = admin.sync().get(StoreId.KEY);

            restore(backup);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !idBefore.equals(admin.sync().get(StoreId.KEY)));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> sdk.stringValue("lost", USER, "?").equals("?"));
            assertThat(sdk.stringValue("kept", USER, "?")).isEqualTo("k");

            api.put("/api/v1/flags/after", FlagFixtures.stringFlag("after", "a", "same version as the lost change"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> sdk.stringValue("after", USER, "?").equals("a"));
        }
    }

    @Test
    void a_store_restored_and_written_at_once_is_noticed_by_the_change_that_replaced_the_lost_one() {
        api.put("/api/v1/flags/kept", FlagFixtures.stringFlag("kept", "k", "before the backup"));
        try (FlagsClient sdk = sdk()) {
            Map<String, byte[]> backup = dump();
            api.put("/api/v1/flags/lost", FlagFixtures.stringFlag("lost", "l", "after the backup"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> sdk.stringValue("lost", USER, "?").equals("l"));

            restore(backup);
            api.put("/api/v1/flags/after", FlagFixtures.stringFlag("after", "a", "same version as the lost change"));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> sdk.stringValue("after", USER, "?").equals("a"));
            assertThat(sdk.stringValue("lost", USER, "?")).isEqualTo("?");
            assertThat(sdk.stringValue("kept", USER, "?")).isEqualTo("k");
        }
    }

    private FlagsClient sdk() {
        String key = api.post("/api/v1/sdk-keys", "{\"env\":\"production\",\"name\":\"store-id-test\"}")
                .json()
                .path("key")
                .asText();
        FlagsClient client = FlagsClient.builder()
                .baseUrl(URI.create(server.apiUrl()))
                .sdkKey(key)
                .environment("production")
                .snapshotFile(dir.resolve("sdk/flags.json"))
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .build()
                .start();
        assertThat(client.awaitReady(Duration.ofSeconds(10))).isTrue();
        return client;
    }

    /** Every key, as a backup would hold it. */
    private Map<String, byte[]> dump() {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String k : admin.sync().keys("*")) keys.put(k, admin.sync().dump(k));
        return keys;
    }

    /** The backup back in place of everything, in one step (what a failover to a replica that lacked the newest writes looks like). */
    private void restore(Map<String, byte[]> backup) {
        admin.sync().multi();
        admin.sync().flushall();
        backup.forEach((k, v) -> admin.sync().restore(k, 0, v));
        admin.sync().exec();
    }
}
