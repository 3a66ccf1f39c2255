package dev.gantry.server.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.Json;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagStreamTest {
    static final ObjectMapper JSON = Json.mapper();

    @TempDir
    static Path dir;

    static GantryServer server;
    static Api api;
    static String stream;

    @BeforeAll
    static void start() throws Exception {
        FlagsSettings small = FlagsSettings.defaults().withLogLength(30).withRecentChanges(5);
        server = GantryServer.start(
                ServerConfig.of(dir, 0), List.of(r -> new FlagsFeature(r, null, small, Clock.systemUTC())));
        api = new Api(server.apiUrl(), server.token());
        stream = server.apiUrl() + "/api/v1/flags/stream?env=production";
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_stream_starts_with_a_snapshot_then_gets_every_change_in_order() throws Exception {
        api.put("/api/v1/flags/s1", FlagFixtures.banner("s1", "create"));
        try (RawSseClient sse = new RawSseClient(stream, server.token(), null)) {
            await().until(() -> !sse.events("snapshot").isEmpty());
            RawSseClient.Event snapshot = sse.events().get(0);
            assertThat(snapshot.event()).isEqualTo("snapshot");
            JsonNode snap = JSON.readTree(snapshot.data());
            assertThat(snap.path("version").asLong()).isEqualTo(snapshot.id());
            JsonNode s1 = find(snap.path("flags"), "s1");
            assertThat(s1.path("environments").has("production")).isTrue();
            assertThat(s1.path("environments").has("staging"))
                    .as("other environments are not streamed")
                    .isFalse();

            for (int i = 0; i < 10; i++) {
                api.post(
                        "/api/v1/flags/s1/toggle",
                        "{\"env\":\"production\",\"on\":" + (i % 2 == 1) + ",\"reason\":\"step " + i + "\"}");
            }
            api.delete("/api/v1/flags/s1?reason=end");
            await().until(() -> sse.events().size() == 12);
            List<RawSseClient.Event> deltas = sse.events().subList(1, 12);
            assertThat(deltas.stream().mapToLong(RawSseClient.Event::id).toArray())
                    .containsExactly(LongStream.rangeClosed(snapshot.id() + 1, snapshot.id() + 11)
                            .toArray());
            assertThat(deltas.get(9).event()).isEqualTo("flag");
            assertThat(JSON.readTree(deltas.get(9).data())
                            .at("/flag/environments/production/enabled")
                            .asBoolean())
                    .isTrue();
            assertThat(deltas.get(10).event()).isEqualTo("flag-deleted");
            assertThat(JSON.readTree(deltas.get(10).data()).path("key").asText())
                    .isEqualTo("s1");
        }
    }

    @Test
    void a_reconnect_with_last_event_id_gets_exactly_what_it_missed() throws Exception {
        api.put("/api/v1/flags/s2", FlagFixtures.banner("s2", "create"));
        long seen;
        try (RawSseClient first = new RawSseClient(stream, server.token(), null)) {
            await().until(() -> !first.events().isEmpty());
            seen = first.lastId();
        }
        for (int i = 0; i < 8; i++) {
            api.post(
                    "/api/v1/flags/s2/toggle",
                    "{\"env\":\"production\",\"on\":" + (i % 2 == 0) + ",\"reason\":\"while away " + i + "\"}");
        }
        try (RawSseClient again = new RawSseClient(stream, server.token(), seen)) {
            await().until(() -> again.events().size() >= 8);
            assertThat(again.events().stream()
                            .map(RawSseClient.Event::event)
                            .distinct()
                            .toList())
                    .containsExactly("flag");
            assertThat(again.events().stream().mapToLong(RawSseClient.Event::id).toArray())
                    .containsExactly(LongStream.rangeClosed(seen + 1, seen + 8).toArray());
        }
    }

    @Test
    void a_last_event_id_older_than_the_log_gets_a_snapshot() throws Exception {
        api.put("/api/v1/flags/s3", FlagFixtures.banner("s3", "create"));
        long from = server.token().isEmpty()
                ? 0
                : api.get("/api/v1/flags/s3").json().path("version").asLong();
        for (int i = 0; i < 35; i++) {
            api.post(
                    "/api/v1/flags/s3/toggle",
                    "{\"env\":\"production\",\"on\":" + (i % 2 == 0) + ",\"reason\":\"churn " + i + "\"}");
        }
        try (RawSseClient old = new RawSseClient(stream, server.token(), from)) {
            await().until(() -> !old.events().isEmpty());
            assertThat(old.events().get(0).event()).isEqualTo("snapshot");
        }
    }

    @Test
    void catching_up_beyond_the_in_memory_window_reads_the_redis_log() throws Exception {
        api.put("/api/v1/flags/s4", FlagFixtures.banner("s4", "create"));
        long seen;
        try (RawSseClient first = new RawSseClient(stream, server.token(), null)) {
            await().until(() -> !first.events().isEmpty());
            seen = first.lastId();
        }
        for (int i = 0; i < 12; i++) {
            api.post(
                    "/api/v1/flags/s4/toggle",
                    "{\"env\":\"production\",\"on\":" + (i % 2 == 0) + ",\"reason\":\"r " + i + "\"}");
        }
        try (RawSseClient again = new RawSseClient(stream, server.token(), seen)) {
            await().until(() -> again.events().size() >= 12);
            assertThat(again.events().get(0).event()).isEqualTo("flag");
            assertThat(again.events().get(0).id()).isEqualTo(seen + 1);
            assertThat(again.events().get(11).id()).isEqualTo(seen + 12);
        }
    }

    @Test
    void pings_keep_an_idle_stream_alive() throws Exception {
        FlagsSettings fast = new FlagsSettings(100, 100, 10, 64, Duration.ofMillis(200));
        try (GantryServer s = GantryServer.start(
                        ServerConfig.of(dir.resolve("ping"), 0),
                        List.of(r -> new FlagsFeature(r, null, fast, Clock.systemUTC())));
                var socket = new java.net.Socket("127.0.0.1", s.apiPort())) {
            socket.getOutputStream()
                    .write(("GET /api/v1/flags/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.token()
                                    + "\r\n\r\n")
                            .getBytes());
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream()));
            int pings = 0;
            String line;
            while (pings < 3 && (line = in.readLine()) != null) if (line.equals(": ping")) pings++;
            assertThat(pings).isEqualTo(3);
        }
    }

    static JsonNode find(JsonNode flags, String key) {
        for (JsonNode f : flags) if (f.path("key").asText().equals(key)) return f;
        throw new AssertionError("no flag " + key + " in " + flags);
    }
}
