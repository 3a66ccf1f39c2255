package dev.gantry.server.flags;

import static org.awaitility.Awaitility.await;

import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real client that stops reading, against a real server whose streams may fall only 4 frames behind. */
class SlowStreamTest {
    @TempDir
    Path dir;

    @Test
    void a_stream_whose_client_stops_reading_is_dropped_and_other_streams_go_on() throws Exception {
        FlagsSettings tight = new FlagsSettings(10_000, 10, 1_024, 4, Duration.ofSeconds(15));
        AtomicReference<FlagsFeature> feature = new AtomicReference<>();
        try (GantryServer server = GantryServer.start(ServerConfig.of(dir, 0), List.of(r -> {
                    FlagsFeature f = new FlagsFeature(r, null, tight, Clock.systemUTC());
                    feature.set(f);
                    return f;
                }));
                Socket stuck = new Socket()) {
            Api api = new Api(server.apiUrl(), server.token());
            api.put("/api/v1/flags/big", bigFlag(0));
            stuck.setReceiveBufferSize(1024);
            stuck.connect(new InetSocketAddress("127.0.0.1", server.apiPort()));
            OutputStream request = stuck.getOutputStream();
            request.write(
                    ("GET /api/v1/flags/stream?env=production HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                                    + server.token() + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            await().until(() -> feature.get().streamCount() == 1);

            for (int i = 1; i <= 300 && feature.get().streamCount() == 1; i++) api.put("/api/v1/flags/big", bigFlag(i));
            await().until(() -> feature.get().streamCount() == 0);

            try (RawSseClient sse =
                    new RawSseClient(server.apiUrl() + "/api/v1/flags/stream?env=production", server.token(), null)) {
                await().until(() -> !sse.events("snapshot").isEmpty());
                api.put("/api/v1/flags/big", bigFlag(1_000));
                await().until(() -> sse.events("flag").size() == 1);
            }
        }
    }

    private static String bigFlag(int n) {
        return FlagFixtures.stringFlag("big", "v" + n + "-" + "x".repeat(16 * 1024), "change " + n);
    }
}
