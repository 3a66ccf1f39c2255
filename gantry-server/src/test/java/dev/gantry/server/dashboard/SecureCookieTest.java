package dev.gantry.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Json;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.api.client.Reply;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.tls.ApiTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A login over HTTPS (a real control plane with its own CA) gets a cookie the browser sends over HTTPS only. */
class SecureCookieTest {
    @TempDir
    Path dir;

    @Test
    void aLoginOverHttpsGetsASecureCookieAndOneOverThePlainLoopbackListenerDoesNot() throws Exception {
        try (GantryServer server =
                GantryServer.start(ServerConfig.of(dir.resolve("data"), 0).withTls(ApiTls.generated(0)), List.of())) {
            String body = Json.write(new LoginRequest(server.token()));
            Reply https = login(server.apiUrl(), server, body);
            Reply plain = login(server.localUrl(), server, body);

            assertThat(server.apiUrl()).startsWith("https://");
            assertThat(https.status()).isEqualTo(200);
            assertThat(https.header("Set-Cookie").orElseThrow()).endsWith("; Secure");
            assertThat(server.localUrl()).startsWith("http://");
            assertThat(plain.status()).isEqualTo(200);
            assertThat(plain.header("Set-Cookie").orElseThrow()).doesNotContain("Secure");
        }
    }

    private static Reply login(String url, GantryServer server, String body) throws Exception {
        try (ControlPlaneClient client = ControlPlaneClient.builder(url)
                .caFingerprint(server.caFingerprint())
                .retryFor(Duration.ZERO)
                .build()) {
            return client.exchange("POST", "/api/v1/session", body, "application/json");
        }
    }
}
