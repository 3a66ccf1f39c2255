package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalIssuerTest {
    private CertificateStore store;
    private TlsEchoServer server;

    @TempDir
    Path home;

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (store != null) store.close();
    }

    @Test
    void createsTheCaOnceAndASecondOpenReusesIt() throws Exception {
        Path dir = home.resolve("tls");
        LocalIssuer first = LocalIssuer.openOrCreate(dir, Clock.systemUTC(), TlsOptions.loopbackHosts());
        String ca = Files.readString(first.caCertificate());
        String key = Files.readString(dir.resolve("ca.key"));

        LocalIssuer second = LocalIssuer.openOrCreate(dir, Clock.systemUTC(), TlsOptions.loopbackHosts());

        assertThat(second.caCertificate()).isEqualTo(dir.resolve("ca.crt"));
        assertThat(Files.readString(second.caCertificate())).isEqualTo(ca);
        assertThat(Files.readString(dir.resolve("ca.key"))).isEqualTo(key);
        X509Certificate cert = caCertificate(second);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=Gantry local CA");
        assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(cert.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(3640)));
    }

    @Test
    void theCaKeyFileIsPrivateToItsOwner() throws Exception {
        Path dir = home.resolve("tls");
        LocalIssuer.openOrCreate(dir, Clock.systemUTC(), TlsOptions.loopbackHosts());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        assertThat(Files.list(dir))
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("ca.crt", "ca.key");
    }

    @Test
    void aMintedCertificatePassesHostnameVerificationAgainstCaCrt() throws Exception {
        LocalIssuer issuer = startWithIssuer();
        SSLContext trustingCa = TestCertificates.clientContextTrusting(caCertificate(issuer));

        try (SSLSocket s = TlsClient.to(server.port(), trustingCa)
                .sni("hello.localhost")
                .verifyHostname()
                .connect()) {
            assertThat(TlsClient.echo(s, "ok")).isEqualTo("ok");
            X509Certificate leaf = (X509Certificate) s.getSession().getPeerCertificates()[0];
            assertThat(TlsClient.servedNames(s)).containsExactly("hello.localhost");
            assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
            assertThat(Duration.between(Instant.now(), leaf.getNotAfter().toInstant()))
                    .isBetween(LocalIssuer.LEAF_VALIDITY.minusMinutes(5), LocalIssuer.LEAF_VALIDITY);
        }
    }

    @Test
    void aClientWithoutSniGetsACertificateFor127001() throws Exception {
        LocalIssuer issuer = startWithIssuer();
        SSLContext trustingCa = TestCertificates.clientContextTrusting(caCertificate(issuer));

        try (SSLSocket s =
                TlsClient.to(server.port(), trustingCa).verifyHostname().connect()) {
            assertThat(TlsClient.servedNames(s)).containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        }
    }

    @Test
    void theSameHostGetsTheSameCachedContext() throws Exception {
        LocalIssuer issuer =
                LocalIssuer.openOrCreate(home.resolve("tls"), Clock.systemUTC(), TlsOptions.loopbackHosts());

        assertThat(issuer.contextFor("a.localhost"))
                .isSameAs(issuer.contextFor("a.localhost"))
                .isNotSameAs(issuer.contextFor("b.localhost"));
    }

    @Test
    void refusesHostsItsPredicateRejects() throws Exception {
        LocalIssuer issuer = startWithIssuer();
        SSLContext trustingCa = TestCertificates.clientContextTrusting(caCertificate(issuer));

        assertThat(issuer.accepts("example.com")).isFalse();
        assertThatThrownBy(() -> issuer.contextFor("example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host: not accepted by the local issuer, was example.com");
        assertThatThrownBy(() -> TlsClient.to(server.port(), trustingCa)
                        .sni("example.com")
                        .verifyHostname()
                        .connect())
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aCertificateInTheDirectoryWinsOverMinting() throws Exception {
        TestCertificates certs = new TestCertificates();
        certs.write(Files.createDirectories(home.resolve("certs")), "hello", "hello.localhost");
        LocalIssuer issuer = startWithIssuer();

        try (SSLSocket s = TlsClient.to(server.port(), certs.clientContext())
                .sni("hello.localhost")
                .verifyHostname()
                .connect()) {
            assertThat(TlsClient.servedNames(s)).containsExactly("hello.localhost");
        }
        assertThat(store.forHost("other.localhost")).isSameAs(issuer.contextFor("other.localhost"));
    }

    @Test
    void aCaCertificateWithoutItsKeyIsRefusedWithTheWayOut() throws Exception {
        Path dir = home.resolve("tls");
        LocalIssuer.openOrCreate(dir, Clock.systemUTC(), TlsOptions.loopbackHosts());
        Files.delete(dir.resolve("ca.key"));

        assertThatThrownBy(() -> LocalIssuer.openOrCreate(dir, Clock.systemUTC(), TlsOptions.loopbackHosts()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ca.key: missing")
                .hasMessageContaining("remove");
    }

    private LocalIssuer startWithIssuer() throws Exception {
        Files.createDirectories(home.resolve("certs"));
        LocalIssuer issuer =
                LocalIssuer.openOrCreate(home.resolve("tls"), Clock.systemUTC(), TlsOptions.loopbackHosts());
        store = CertificateStore.open(home.resolve("certs"), Duration.ofMinutes(10), Clock.systemUTC(), issuer);
        server = new TlsEchoServer(store);
        return issuer;
    }

    private static X509Certificate caCertificate(LocalIssuer issuer) throws Exception {
        try (InputStream in = Files.newInputStream(issuer.caCertificate())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
