package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real TLS handshakes against a Netty server whose SniHandler asks the store. */
class CertificateStoreTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final TestCertificates certs = new TestCertificates();
    private CertificateStore store;
    private TlsEchoServer server;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (store != null) store.close();
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void sniPicksTheCertificateOfTheRequestedHostWithEitherProvider(TlsProvider provider) throws Exception {
        certs.write(dir, "a", "a.example.com");
        certs.write(dir, "b", "b.example.com", "www.b.example.com");
        certs.write(dir, "default", "default.example.com");
        start(provider);

        assertThat(namesServedFor("b.example.com")).containsExactly("b.example.com", "www.b.example.com");
        assertThat(namesServedFor("a.example.com")).containsExactly("a.example.com");
        assertThat(namesServedFor("WWW.B.Example.com")).contains("b.example.com");
    }

    @Test
    void aClientHelloWithoutSniGetsTheDefaultCertificate() throws Exception {
        certs.write(dir, "a", "a.example.com");
        certs.write(dir, "default", "default.example.com");
        start(TlsProvider.chosen());

        assertThat(namesServedFor(null)).containsExactly("default.example.com");
        assertThat(store.certificates())
                .filteredOn(CertificateInfo::isDefault)
                .extracting(CertificateInfo::file)
                .containsExactly(dir.resolve("default.crt"));
    }

    @Test
    void anUnknownNameGetsTheDefaultCertificate() throws Exception {
        certs.write(dir, "a", "a.example.com");
        certs.write(dir, "default", "default.example.com");
        start(TlsProvider.chosen());

        assertThat(namesServedFor("unknown.example.org")).containsExactly("default.example.com");
    }

    @Test
    void withoutDefaultCrtTheFirstCertificateByFileNameIsTheDefault() throws Exception {
        certs.write(dir, "zeta", "zeta.example.com");
        certs.write(dir, "alpha", "alpha.example.com");
        start(TlsProvider.chosen());

        assertThat(namesServedFor(null)).containsExactly("alpha.example.com");
    }

    @Test
    void aWildcardCoversOneLabelOnlyAndAnExactNameWinsOverIt() throws Exception {
        certs.write(dir, "wild", "*.apps.example.com");
        certs.write(dir, "exact", "special.apps.example.com");
        certs.write(dir, "default", "default.example.com");
        start(TlsProvider.chosen());

        assertThat(namesServedFor("hello.apps.example.com")).containsExactly("*.apps.example.com");
        assertThat(namesServedFor("special.apps.example.com")).containsExactly("special.apps.example.com");
        assertThat(namesServedFor("a.hello.apps.example.com")).containsExactly("default.example.com");
        assertThat(namesServedFor("apps.example.com")).containsExactly("default.example.com");
    }

    @Test
    void hostLookupIgnoresCaseAndATrailingDot() throws Exception {
        certs.write(dir, "a", "a.example.com");
        certs.write(dir, "default", "default.example.com");
        start(TlsProvider.chosen());

        assertThat(store.forHost("A.EXAMPLE.com."))
                .isSameAs(store.forHost("a.example.com"))
                .isNotSameAs(store.forHost(null));
    }

    @Test
    void keysInPkcs8Pkcs1AndSec1FormatsAreAllServed() throws Exception {
        certs.leaf("rsa1.example.com")
                .rsa()
                .keyFormat(TestCertificates.KeyFormat.TRADITIONAL)
                .writeTo(dir, "rsa1");
        certs.leaf("rsa8.example.com")
                .rsa()
                .keyFormat(TestCertificates.KeyFormat.PKCS8)
                .writeTo(dir, "rsa8");
        certs.leaf("sec1.example.com")
                .keyFormat(TestCertificates.KeyFormat.TRADITIONAL)
                .writeTo(dir, "sec1");
        certs.leaf("ec8.example.com")
                .keyFormat(TestCertificates.KeyFormat.PKCS8)
                .writeTo(dir, "ec8");
        start(TlsProvider.chosen());

        assertThat(store.problems()).isEmpty();
        assertThat(namesServedFor("rsa1.example.com")).containsExactly("rsa1.example.com");
        assertThat(namesServedFor("sec1.example.com")).containsExactly("sec1.example.com");
        assertThat(store.certificates()).hasSize(4);
    }

    @Test
    void hostsComeFromTheCommonNameWhenThereIsNoSubjectAltNameAndIncludeIpAddresses() throws Exception {
        certs.leaf("cn-only.example.com").commonNameOnly().writeTo(dir, "cn");
        certs.write(dir, "ip", "ip.example.com", "127.0.0.1", "::1");
        start(TlsProvider.chosen());

        assertThat(store.certificates())
                .extracting(CertificateInfo::hosts)
                .containsExactly(
                        List.of("cn-only.example.com"), List.of("ip.example.com", "127.0.0.1", "0:0:0:0:0:0:0:1"));
        assertThat(store.forHost("[::1]")).isSameAs(store.forHost("ip.example.com"));
    }

    @Test
    void aNewFileIsServedAfterReload() throws Exception {
        certs.write(dir, "default", "default.example.com");
        start(TlsProvider.chosen());
        certs.write(dir, "new", "new.example.com");

        store.reload();

        assertThat(namesServedFor("new.example.com")).containsExactly("new.example.com");
    }

    @Test
    void theDirectoryPollPicksUpANewFileWithoutAnExplicitReload() throws Exception {
        certs.write(dir, "default", "default.example.com");
        store = CertificateStore.open(dir, Duration.ofMillis(50), Clock.systemUTC(), null);
        server = new TlsEchoServer(store);
        certs.write(dir, "new", "new.example.com");

        await().atMost(Duration.ofSeconds(10)).until(() -> store.forHost("new.example.com") != store.forHost(null));
        assertThat(namesServedFor("new.example.com")).containsExactly("new.example.com");
    }

    @Test
    void unchangedFilesKeepTheirContextAcrossReloads() throws Exception {
        certs.write(dir, "a", "a.example.com");
        start(TlsProvider.chosen());
        var before = store.forHost("a.example.com");

        store.reload();

        assertThat(store.forHost("a.example.com")).isSameAs(before);
    }

    @Test
    void anOpenConnectionSurvivesAReloadWithANewCertificateForItsHost() throws Exception {
        certs.write(dir, "a", "a.example.com");
        start(TlsProvider.chosen());
        try (SSLSocket open = client("a.example.com").connect()) {
            assertThat(TlsClient.echo(open, "before")).isEqualTo("before");
            var oldSerial = peerSerial(open);
            certs.write(dir, "a", "a.example.com");

            store.reload();

            assertThat(TlsClient.echo(open, "after")).isEqualTo("after");
            try (SSLSocket fresh = client("a.example.com").connect()) {
                assertThat(peerSerial(fresh)).isNotEqualTo(oldSerial);
            }
        }
    }

    @Test
    void tls12AndTls13AreAcceptedAndTls11IsRefused() throws Exception {
        certs.write(dir, "a", "a.example.com");
        start(TlsProvider.chosen());

        try (SSLSocket s = client("a.example.com").protocols("TLSv1.2").connect()) {
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
        try (SSLSocket s = client("a.example.com").protocols("TLSv1.3").connect()) {
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        assertThat(firstRecordTypeAfterClientHello(0x0302))
                .as("answer to a TLS 1.1 hello: alert or close")
                .isIn(0x15, -1);
        assertThat(firstRecordTypeAfterClientHello(0x0303))
                .as("answer to a TLS 1.2 hello: handshake")
                .isEqualTo(0x16);
    }

    @Test
    void alpnOffersH2AndHttp11() throws Exception {
        certs.write(dir, "a", "a.example.com");
        start(TlsProvider.chosen());

        try (SSLSocket s = client("a.example.com").alpn("h2", "http/1.1").connect()) {
            assertThat(s.getApplicationProtocol()).isEqualTo("h2");
        }
        try (SSLSocket s = client("a.example.com").alpn("http/1.1").connect()) {
            assertThat(s.getApplicationProtocol()).isEqualTo("http/1.1");
        }
    }

    @Test
    void withNothingToServeTheMappingRefusesAndTheHandshakeFails() throws Exception {
        start(TlsProvider.chosen());

        assertThat(store.hasAny()).isFalse();
        assertThat(store.forHost("a.example.com")).isNull();
        assertThatThrownBy(() -> store.mapping().map("a.example.com"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("host=a.example.com");
        assertThatThrownBy(() -> client("a.example.com").connect()).isInstanceOf(IOException.class);
    }

    @Test
    void aCertificateExpiringWithinTwoWeeksIsStillServed() throws Exception {
        certs.leaf("soon.example.com")
                .valid(Instant.now().minus(MINUTE), Instant.now().plus(Duration.ofDays(3)))
                .writeTo(dir, "soon");
        start(TlsProvider.chosen());

        assertThat(namesServedFor("soon.example.com")).containsExactly("soon.example.com");
    }

    private void start(TlsProvider provider) throws Exception {
        store = CertificateStore.open(dir, Duration.ofMinutes(10), Clock.systemUTC(), null, provider);
        server = new TlsEchoServer(store);
    }

    private TlsClient client(String sni) {
        return TlsClient.to(server.port(), certs.clientContext()).sni(sni);
    }

    private List<String> namesServedFor(String sni) throws IOException {
        try (SSLSocket s = client(sni).connect()) {
            assertThat(TlsClient.echo(s, "ok")).isEqualTo("ok");
            return TlsClient.servedNames(s);
        }
    }

    private static Object peerSerial(SSLSocket s) throws IOException {
        return ((java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
    }

    /**
     * Sends a hand-made ClientHello of this version (the JDK client will not even try TLS 1.1) and
     * returns the type of the first record that comes back: 0x16 handshake, 0x15 alert, -1 closed.
     */
    private int firstRecordTypeAfterClientHello(int version) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        var body = new java.io.ByteArrayOutputStream();
        body.write(version >> 8);
        body.write(version);
        body.write(random);
        body.write(0); // no session id
        body.writeBytes(new byte[] {0, 4, (byte) 0xc0, 0x2b, (byte) 0xc0, 0x2f}); // ECDHE-ECDSA/RSA-AES128-GCM
        body.writeBytes(new byte[] {1, 0}); // null compression
        byte[] groups = {0, 10, 0, 4, 0, 2, 0, 0x17}; // supported_groups: secp256r1
        byte[] points = {0, 11, 0, 2, 1, 0}; // ec_point_formats: uncompressed
        byte[] sigalgs = {0, 13, 0, 4, 0, 2, 4, 3}; // signature_algorithms: ecdsa_secp256r1_sha256
        int extLength = groups.length + points.length + sigalgs.length;
        body.write(extLength >> 8);
        body.write(extLength);
        body.writeBytes(groups);
        body.writeBytes(points);
        body.writeBytes(sigalgs);
        byte[] hello = body.toByteArray();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            int handshakeLength = hello.length + 4;
            out.write(new byte[] {
                0x16,
                3,
                1,
                (byte) (handshakeLength >> 8),
                (byte) handshakeLength,
                1,
                0,
                (byte) (hello.length >> 8),
                (byte) hello.length
            });
            out.write(hello);
            out.flush();
            InputStream in = socket.getInputStream();
            return in.read();
        } catch (java.net.SocketException reset) {
            return -1;
        }
    }
}
