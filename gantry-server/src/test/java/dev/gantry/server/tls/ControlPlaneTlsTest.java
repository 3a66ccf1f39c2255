package dev.gantry.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.PlatformStatus;
import dev.gantry.api.client.CaFingerprint;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real control plane on HTTPS with its own CA, and real clients pinning it. */
class ControlPlaneTlsTest {
    private static final CaFingerprint WRONG = CaFingerprint.parse("sha256:" + "ab".repeat(32));

    @TempDir
    static Path dir;

    static GantryServer server;

    @BeforeAll
    static void start() throws IOException {
        server = GantryServer.start(ServerConfig.of(dir.resolve("data"), 0).withTls(ApiTls.generated(0)), List.of());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void aClientPinningTheCaFingerprintTalksToTheApiOverHttps() throws IOException {
        assertThat(server.apiUrl()).startsWith("https://127.0.0.1:");
        try (ControlPlaneClient client =
                client(server.apiUrl()).caFingerprint(server.caFingerprint()).build()) {
            PlatformStatus status = client.get("/api/v1/status", PlatformStatus.class);
            assertThat(status.caFingerprint()).isEqualTo(server.caFingerprint().toString());
        }
    }

    @Test
    void theFingerprintIsTheGeneratedCasAsOpensslWouldPrintIt() throws Exception {
        Path ca = server.config().tlsDir().resolve(PrivateCa.CA_CERT);
        var cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(ca));
        assertThat(server.caFingerprint()).isEqualTo(CaFingerprint.of(cert));
        assertThat(server.caFingerprint().toString()).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void aWrongFingerprintIsRefusedNamingTheExpectedAndThePresentedOnes() {
        try (ControlPlaneClient client =
                client(server.apiUrl()).caFingerprint(WRONG).build()) {
            assertThatThrownBy(() -> client.get("/api/v1/status", PlatformStatus.class))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("TLS handshake failed")
                    .hasMessageContaining("expected " + WRONG)
                    .hasMessageContaining("presented")
                    .hasMessageContaining(server.caFingerprint().toString());
        }
    }

    @Test
    void withoutAPinTheSystemTrustStoreRefusesThePrivateCa() {
        try (ControlPlaneClient client = client(server.apiUrl()).build()) {
            assertThatThrownBy(() -> client.get("/api/v1/status", PlatformStatus.class))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("TLS handshake failed");
        }
    }

    @Test
    void theCaFileIsTrustedLikeItsFingerprint() throws IOException {
        Path ca = server.config().tlsDir().resolve(PrivateCa.CA_CERT);
        try (ControlPlaneClient client = client(server.apiUrl()).caFile(ca).build()) {
            assertThat(client.get("/api/v1/status", PlatformStatus.class).caFingerprint())
                    .isEqualTo(server.caFingerprint().toString());
        }
    }

    @Test
    void plainHttpStaysOnLoopbackForWhatRunsOnThisHost() throws IOException {
        assertThat(server.localUrl()).startsWith("http://127.0.0.1:");
        try (ControlPlaneClient client = client(server.localUrl()).build()) {
            assertThat(client.get("/api/v1/status", PlatformStatus.class).caFingerprint())
                    .isEqualTo(server.caFingerprint().toString());
        }
    }

    @Test
    void theKeysAndCertificatesAreOwnerOnlyInOwnerOnlyDirectories() throws IOException {
        Path tls = server.config().tlsDir();
        assertThat(permissions(tls)).isEqualTo("rwx------");
        assertThat(permissions(tls.getParent())).isEqualTo("rwx------");
        for (String file : List.of(PrivateCa.CA_KEY, PrivateCa.SERVER_KEY, PrivateCa.CA_CERT, PrivateCa.SERVER_CERT))
            assertThat(permissions(tls.resolve(file))).as(file).isEqualTo("rw-------");
    }

    @Test
    void aRestartKeepsTheCaAndItsFingerprint() throws IOException {
        Path data = dir.resolve("restart");
        CaFingerprint first;
        try (GantryServer s = GantryServer.start(ServerConfig.of(data, 0).withTls(ApiTls.generated(-1)), List.of())) {
            first = s.caFingerprint();
        }
        try (GantryServer s = GantryServer.start(ServerConfig.of(data, 0).withTls(ApiTls.generated(-1)), List.of());
                ControlPlaneClient client =
                        client(s.apiUrl()).token(s.token()).caFingerprint(first).build()) {
            assertThat(s.caFingerprint()).isEqualTo(first);
            assertThat(s.localUrl()).isEqualTo(s.apiUrl());
            assertThat(client.get("/api/v1/status", PlatformStatus.class).caFingerprint())
                    .isEqualTo(first.toString());
        }
    }

    @Test
    void aGivenCertificateAndKeyAreServedAndItsHostNamesAreStillChecked() throws IOException {
        Path other = dir.resolve("made-in-the-test");
        PrivateCa ca = PrivateCa.openOrCreate(other, Clock.systemUTC());
        ServerCertificate made = ca.serverCertificate(List.of("localhost", "127.0.0.1"));
        CaFingerprint leaf = CaFingerprint.of(made.leaf());
        ApiTls tls = new ApiTls(other.resolve(PrivateCa.SERVER_CERT), other.resolve(PrivateCa.SERVER_KEY), -1);
        try (GantryServer s =
                GantryServer.start(ServerConfig.of(dir.resolve("given"), 0).withTls(tls), List.of())) {
            assertThat(s.caFingerprint()).isEqualTo(CaFingerprint.of(ca.certificate()));
            assertThat(Files.exists(s.config().tlsDir())).isFalse();
            try (ControlPlaneClient byCa =
                            client(s.apiUrl()).caFingerprint(s.caFingerprint()).build();
                    ControlPlaneClient byLeaf =
                            client(s.apiUrl()).caFingerprint(leaf).build()) {
                assertThat(byCa.getText("/health").body()).isEqualTo("ok");
                assertThat(byLeaf.getText("/health").body()).isEqualTo("ok");
            }
            String byName = s.apiUrl().replace("127.0.0.1", "localhost");
            try (ControlPlaneClient client =
                    client(byName).caFingerprint(s.caFingerprint()).build()) {
                assertThat(client.getText("/health").body()).isEqualTo("ok");
            }
        }
        ServerCertificate elsewhere = ca.serverCertificate(List.of("other.example"));
        assertThat(elsewhere.covers(List.of("127.0.0.1"), java.time.Instant.now()))
                .isFalse();
        ApiTls wrongName = new ApiTls(other.resolve(PrivateCa.SERVER_CERT), other.resolve(PrivateCa.SERVER_KEY), -1);
        try (GantryServer s = GantryServer.start(
                        ServerConfig.of(dir.resolve("given2"), 0).withTls(wrongName), List.of());
                ControlPlaneClient client =
                        client(s.apiUrl()).caFingerprint(s.caFingerprint()).build()) {
            assertThatThrownBy(() -> client.getText("/health"))
                    .hasMessageContaining("TLS handshake failed")
                    .hasMessageContaining("127.0.0.1");
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedAtStart() throws IOException {
        Path a = dir.resolve("ca-a");
        Path b = dir.resolve("ca-b");
        PrivateCa.openOrCreate(a, Clock.systemUTC());
        PrivateCa.openOrCreate(b, Clock.systemUTC());
        assertThatThrownBy(() -> ServerCertificate.read(a.resolve(PrivateCa.CA_CERT), b.resolve(PrivateCa.CA_KEY)))
                .hasMessageContaining("is not the key of the certificate");
        assertThatThrownBy(() -> ServerCertificate.read(a.resolve("nope.crt"), b.resolve(PrivateCa.CA_KEY)))
                .hasMessageContaining("nope.crt: does not exist");
    }

    private static ControlPlaneClient.Builder client(String url) {
        return ControlPlaneClient.builder(url).token(server.token()).retryFor(Duration.ZERO);
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
