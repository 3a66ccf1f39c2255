package dev.gantry.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisConnectionException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * External Redis URIs as an operator writes them, each against a real server the test starts: an
 * ACL user with a password and a database, TLS with a certificate the JVM is told to trust, and a
 * password-protected primary found through Sentinel. What Lettuce reports never holds the password.
 */
class ExternalRedisTest {
    private static final String PASSWORD = "s3cret-for-gantry";

    @TempDir
    Path tmp;

    @Test
    void aUserAndPasswordInTheUriLogInAsThatAclUserOnItsDatabase() throws Exception {
        int port = TestRedis.freePort();
        String acl = "user default off\nuser gantry on >" + PASSWORD + " ~* &* +@all\nport " + port
                + "\nbind 127.0.0.1\nsave \"\"";
        try (RedisProcess server = RedisProcess.start(RedisProcess.bundledBinary(), tmp, "acl", port, acl);
                Redis redis = new Redis(URI.create("redis://gantry:" + PASSWORD + "@127.0.0.1:" + port + "/3"))) {
            assertThat(redis.sync().aclWhoami()).isEqualTo("gantry");
            assertThat(redis.sync().clientInfo()).contains(" db=3 ");
            assertThat(Resp.firstLine(server.port, "PING")).startsWith("-NOAUTH");
        }
    }

    @Test
    void aPasswordWithReservedCharactersIsWrittenPercentEncoded() throws Exception {
        int port = TestRedis.freePort();
        String acl =
                "user default off\nuser odd on >p@ss:w/rd ~* &* +@all\nport " + port + "\nbind 127.0.0.1\nsave \"\"";
        try (RedisProcess server = RedisProcess.start(RedisProcess.bundledBinary(), tmp, "odd", port, acl);
                Redis redis = new Redis(URI.create("redis://odd:p%40ss%3Aw%2Frd@127.0.0.1:" + port))) {
            assertThat(redis.sync().aclWhoami()).isEqualTo("odd");
        }
    }

    @Test
    void aWrongPasswordFailsWithAMessageThatDoesNotQuoteIt() throws Exception {
        int port = TestRedis.freePort();
        String config = "requirepass " + PASSWORD + "\nport " + port + "\nbind 127.0.0.1\nsave \"\"";
        try (RedisProcess server = RedisProcess.start(RedisProcess.bundledBinary(), tmp, "wrong", port, config)) {
            assertThatThrownBy(() -> new Redis(URI.create("redis://default:not-the-password@127.0.0.1:" + port)))
                    .isInstanceOf(RedisConnectionException.class)
                    .satisfies(
                            e -> assertThat(messages(e)).contains("WRONGPASS").doesNotContain("not-the-password"));
        }
    }

    @Test
    void redissConnectsOverTlsToACertificateTheJvmTrustsAndRefusesOneItDoesNot() throws Exception {
        assumeTrue(
                Files.isExecutable(RedisProcess.SYSTEM_BINARY),
                RedisProcess.SYSTEM_BINARY + " is missing (apt-get install redis-server): the bundled one has no TLS");
        Path certs = Files.createDirectories(tmp.resolve("certs"));
        Certificate cert = selfSigned(certs);
        int port = TestRedis.freePort();
        String config = String.join(
                "\n",
                "port 0",
                "tls-port " + port,
                "tls-cert-file " + certs.resolve("redis.crt"),
                "tls-key-file " + certs.resolve("redis.key"),
                "tls-auth-clients no",
                "requirepass " + PASSWORD,
                "bind 127.0.0.1",
                "save \"\"");
        URI uri = URI.create("rediss://" + PASSWORD + "@127.0.0.1:" + port);
        try (RedisProcess server = RedisProcess.start(RedisProcess.SYSTEM_BINARY, tmp, "tls", port, config)) {
            assertThatThrownBy(() -> new Redis(uri))
                    .isInstanceOf(RedisConnectionException.class)
                    .satisfies(e -> assertThat(messages(e))
                            .contains("PKIX path building failed")
                            .doesNotContain(PASSWORD));
            Path trust = trustStore(certs, cert);
            String[] keys = {
                "javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"
            };
            try {
                System.setProperty(keys[0], trust.toString());
                System.setProperty(keys[1], "changeit");
                System.setProperty(keys[2], "PKCS12");
                try (Redis redis = new Redis(uri)) {
                    assertThat(redis.sync().ping()).isEqualTo("PONG");
                    assertThat(redis.sync().set("gantry:tls", "yes")).isEqualTo("OK");
                }
            } finally {
                for (String k : keys) System.clearProperty(k);
            }
        }
    }

    @Test
    void aSentinelUriWithThePrimarysPasswordReachesThePrimary() throws Exception {
        Path binary = RedisProcess.bundledBinary();
        int primaryPort = TestRedis.freePort();
        int sentinelPort = TestRedis.freePort();
        String primaryConfig = "requirepass " + PASSWORD + "\nport " + primaryPort + "\nbind 127.0.0.1\nsave \"\"";
        String sentinelConfig = String.join(
                "\n",
                "port " + sentinelPort,
                "bind 127.0.0.1",
                "sentinel monitor mymaster 127.0.0.1 " + primaryPort + " 1",
                "sentinel auth-pass mymaster " + PASSWORD);
        try (RedisProcess primary = RedisProcess.start(binary, tmp, "primary", primaryPort, primaryConfig);
                RedisProcess sentinel =
                        RedisProcess.start(binary, tmp, "sentinel", sentinelPort, sentinelConfig, "--sentinel");
                Redis redis = new Redis(
                        URI.create("redis-sentinel://" + PASSWORD + "@127.0.0.1:" + sentinelPort + "/0#mymaster"))) {
            assertThat(redis.sync().set("gantry:sentinel", "yes")).isEqualTo("OK");
            assertThat(redis.sync().info("server")).contains("tcp_port:" + primaryPort);
            assertThat(Resp.firstLine(primary.port, "GET", "gantry:sentinel")).startsWith("-NOAUTH");
        }
    }

    /** A self-signed EC certificate for 127.0.0.1 made by the JDK's keytool, written as PEM files Redis reads. */
    private static Certificate selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("redis.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "redis",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "san=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit"))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate("redis");
        Files.writeString(dir.resolve("redis.crt"), pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(
                dir.resolve("redis.key"),
                pem("PRIVATE KEY", ks.getKey("redis", "changeit".toCharArray()).getEncoded()));
        return cert;
    }

    private static Path trustStore(Path dir, Certificate cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("redis", cert);
        Path file = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, "changeit".toCharArray());
        }
        return file;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) all.append(t).append('\n');
        return all.toString();
    }
}
