package dev.gantry.server.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentWritersTest {
    static final int WRITERS = 6;
    static final int ROUNDS = 15;

    @TempDir
    static Path dir;

    static GantryServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = GantryServer.start(ServerConfig.of(dir, 0), List.of(FlagsFeature::new));
        api = new Api(server.apiUrl(), server.token());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void writers_holding_the_same_version_race_and_exactly_one_wins_each_round() throws Exception {
        api.put("/api/v1/flags/race", FlagFixtures.stringFlag("race", "start", "create"));
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                long read = api.get("/api/v1/flags/race").json().path("version").asLong();
                CyclicBarrier barrier = new CyclicBarrier(WRITERS);
                List<Future<Integer>> results = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    String body = FlagFixtures.stringFlag("race", "w" + w + "-r" + round, "round " + round)
                            .replace("\"reason\"", "\"version\":" + read + ",\"reason\"");
                    Api writer = api.as("writer-" + w);
                    results.add(pool.submit(() -> {
                        barrier.await();
                        return writer.put("/api/v1/flags/race", body).status();
                    }));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : results) statuses.add(f.get());
                assertThat(statuses).as("round " + round).containsOnly(200, 409);
                assertThat(statuses.stream().filter(s -> s == 200).count())
                        .as("winners in round " + round)
                        .isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode flag = api.get("/api/v1/flags/race").json();
        assertThat(flag.path("version").asLong()).isEqualTo(1 + ROUNDS);
        assertSerialHistory(api.get("/api/v1/flags/race/history?limit=1000").json(), 1 + ROUNDS);
    }

    @Test
    void helpers_without_a_version_retry_and_lose_no_update() throws Exception {
        api.put("/api/v1/flags/counter", FlagFixtures.banner("counter", "create"));
        int perWriter = 8;
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int id = w;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < perWriter; i++) {
                        String body = "{\"env\":\"production\",\"on\":" + (i % 2 == 0) + ",\"reason\":\"writer " + id
                                + " step " + i + "\"}";
                        if (api.post("/api/v1/flags/counter/toggle", body).status() == 200) ok++;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : results) assertThat(f.get()).isEqualTo(perWriter);
        } finally {
            pool.shutdownNow();
        }
        long expected = 1 + (long) WRITERS * perWriter;
        assertThat(api.get("/api/v1/flags/counter").json().path("version").asLong())
                .isEqualTo(expected);
        assertSerialHistory(api.get("/api/v1/flags/counter/history?limit=1000").json(), expected);
    }

    /** Newest first: every entry's "before" is exactly the previous entry's "after". */
    private static void assertSerialHistory(JsonNode history, long entries) {
        assertThat(history.size()).isEqualTo((int) entries);
        for (int i = 0; i < history.size() - 1; i++) {
            JsonNode newer = history.get(i);
            JsonNode older = history.get(i + 1);
            assertThat(newer.path("version").asLong())
                    .isEqualTo(older.path("version").asLong() + 1);
            assertThat(newer.path("before")).isEqualTo(older.path("after"));
        }
    }
}
