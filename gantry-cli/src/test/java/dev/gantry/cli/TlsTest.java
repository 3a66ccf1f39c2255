package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.server.ServerConfig;
import dev.gantry.server.tls.ApiTls;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a control plane serving HTTPS with its own CA and no plain listener (port 0, temp
 * dir): its embedded agent reports over HTTPS pinning the CA, verbs trust it by a pinned fingerprint
 * (or the CA in their data directory) and refuse a wrong one.
 */
@Timeout(120)
class TlsTest {
    private static final String WRONG = "sha256:" + "ab".repeat(32);

    @TempDir
    static Path dir;

    static Embedded gantry;
    static String url;
    static String pin;

    @BeforeAll
    static void start() throws Exception {
        gantry =
                Embedded.start(ServerConfig.of(dir.resolve("server"), 0).withTls(ApiTls.generated(-1)), -1, "local", 0);
        url = gantry.server().apiUrl();
        pin = gantry.server().caFingerprint().toString();
    }

    @AfterAll
    static void stop() {
        if (gantry != null) gantry.close(true);
    }

    @Test
    void statusOverHttpsWithThePinnedFingerprintShowsItAndTheEmbeddedAgentThatReportedOverHttps() {
        assertThat(url).startsWith("https://");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            GantryRun run = elsewhere("status", "--ca-fingerprint", pin);
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("CA fingerprint " + pin).contains("local");
        });
    }

    @Test
    void aWrongFingerprintIsRefusedNamingTheExpectedAndThePresentedOnes() {
        GantryRun run = elsewhere("status", "--ca-fingerprint", WRONG);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .startsWith("gantry: GET " + url + "/api/v1/status: TLS handshake failed")
                .contains("expected " + WRONG, "the server presented", pin);
    }

    @Test
    void aMalformedFingerprintIsAUsageError() {
        GantryRun run = elsewhere("status", "--ca-fingerprint", "sha256:1234");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--ca-fingerprint", "must be sha256: followed by 64 hex digits");
    }

    @Test
    void withoutAPinTheSystemTrustStoreRefusesThePrivateCaAndTheErrorSaysWhatToPass() {
        GantryRun run = elsewhere("status");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("TLS handshake failed", "--ca-fingerprint");
    }

    @Test
    void onTheServersHostTheCaInTheDataDirectoryIsTrusted() {
        GantryRun run = GantryRun.of(
                "status", "--server", url, "--data-dir", dir.resolve("server").toString());
        assertThat(run.exit()).as(run.err()).isZero();
    }

    @Test
    void theCaFileIsTrustedLikeTheFingerprint() {
        Path ca = gantry.server().config().tlsDir().resolve("ca.crt");
        GantryRun run = elsewhere("status", "--ca-file", ca.toString());
        assertThat(run.exit()).as(run.err()).isZero();
    }

    @Test
    void anAgentAndARouterWithAWrongFingerprintStopAtStartSayingWhy() {
        GantryRun agent = elsewhere("agent", "--ca-fingerprint", WRONG, "--host", "wrong", "--port", "0");
        assertThat(agent.exit()).isEqualTo(1);
        assertThat(agent.err()).contains("TLS handshake failed", "expected " + WRONG, pin);
        GantryRun router = elsewhere("router", "--ca-fingerprint", WRONG, "--port", "0", "--no-tls");
        assertThat(router.exit()).isEqualTo(1);
        assertThat(router.err()).contains("TLS handshake failed", "expected " + WRONG, pin);
    }

    @Test
    void aCertificateWithoutItsKeyIsAUsageErrorOfTheServer() {
        GantryRun run = GantryRun.of(
                "server",
                "--data-dir",
                dir.resolve("nokey").toString(),
                "--tls-cert",
                dir.resolve("a.crt").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--tls-key: is required with --tls-cert");
    }

    /** A verb as typed on another host: its own data directory, the token on the command line. */
    private static GantryRun elsewhere(String... args) {
        String[] argv = new String[args.length + 6];
        System.arraycopy(args, 0, argv, 0, args.length);
        int i = args.length;
        argv[i++] = "--server";
        argv[i++] = url;
        argv[i++] = "--token";
        argv[i++] = gantry.server().token();
        argv[i++] = "--data-dir";
        argv[i] = dir.resolve("elsewhere").toString();
        return GantryRun.of(argv);
    }
}
