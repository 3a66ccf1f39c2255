package dev.gantry.server.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.ManualClock;
import dev.gantry.server.store.Redis;
import dev.gantry.server.store.TestRedis;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SDK key lookups: anyone may present a made-up key on the flag paths, before any credential is checked. */
class SdkKeysTest {
    static TestRedis server;
    static Redis redis;

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

    @Test
    void madeUpKeysDoNotGrowTheLookupCacheWithoutBound() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));
        SdkKeys keys = new SdkKeys(redis.sync(), clock);
        String real = keys.create("web", "production", "admin");

        for (int i = 0; i < 3 * SdkKeys.CACHE_ENTRIES; i++) {
            assertThat(keys.find(SdkKeys.PREFIX + "made-up-" + i)).isNull();
        }

        assertThat(keys.cached()).isLessThanOrEqualTo(SdkKeys.CACHE_ENTRIES);
        assertThat(keys.find(real)).isNotNull();
    }
}
