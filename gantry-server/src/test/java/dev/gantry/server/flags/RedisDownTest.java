package dev.gantry.server.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.store.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With Redis gone, writes fail with a 503 that names it (after the command timeout, not never), and streams are served from memory. */
class RedisDownTest {
    @TempDir
    Path dir;

    @Test
    void a_write_gets_503_and_a_new_stream_still_gets_its_snapshot() throws Exception {
        TestRedis redis = TestRedis.primary(Files.createDirectories(dir.resolve("redis")));
        try (GantryServer server = GantryServer.start(
                ServerConfig.of(dir.resolve("cp"), 0).withRedis(redis.uri()), List.of(FlagsFeature::new))) {
            Api api = new Api(server.apiUrl(), server.token());
            api.put("/api/v1/flags/kept", FlagFixtures.banner("kept", "before Redis goes"));
            redis.close();

            Api.Response write = api.put("/api/v1/flags/kept", FlagFixtures.banner("kept", "while Redis is gone"));
            assertThat(write.status()).isEqualTo(503);
            assertThat(write.error()).startsWith("the store (Redis) is unavailable, retry shortly");
            try (RawSseClient sse = new RawSseClient(server.apiUrl() + "/api/v1/flags/stream", server.token(), null)) {
                await().until(() -> !sse.events("snapshot").isEmpty());
                assertThat(sse.events("snapshot").get(0).data()).contains("\"key\":\"kept\"");
            }
        }
    }
}
