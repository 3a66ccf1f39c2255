package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad file is a problem naming the file and the reason; what was good keeps being served. */
class CertificateStoreBadInputTest {
    private static final Duration DAY = Duration.ofDays(1);
    private final TestCertificates certs = new TestCertificates();
    private CertificateStore store;

    @TempDir
    Path dir;

    @BeforeEach
    void goodCertificate() throws Exception {
        certs.write(dir, "good", "good.example.com");
    }

    @AfterEach
    void stop() {
        if (store != null) store.close();
    }

    @Test
    void aMissingKeyFileIsAProblemNamingTheKeyFile() throws Exception {
        certs.write(dir, "bad", "bad.example.com");
        Files.delete(dir.resolve("bad.key"));

        assertOnlyGoodServedWithProblem("bad.key: missing");
    }

    @Test
    void anUnreadableKeyFileIsAProblem() throws Exception {
        certs.write(dir, "bad", "bad.example.com");
        Files.delete(dir.resolve("bad.key"));
        Files.createDirectory(dir.resolve("bad.key"));

        assertOnlyGoodServedWithProblem("bad.key: unreadable");
    }

    @Test
    void aKeyFileWithoutReadPermissionIsAProblemWhenNotRoot() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads files whatever their mode");
        certs.write(dir, "bad", "bad.example.com");
        Files.setPosixFilePermissions(dir.resolve("bad.key"), PosixFilePermissions.fromString("---------"));

        assertOnlyGoodServedWithProblem("bad.key: unreadable: permission denied");
    }

    @Test
    void anExpiredCertificateIsAProblem() throws Exception {
        certs.leaf("bad.example.com")
                .valid(Instant.now().minus(DAY.multipliedBy(30)), Instant.now().minus(DAY))
                .writeTo(dir, "bad");

        assertOnlyGoodServedWithProblem("bad.crt: expired on");
    }

    @Test
    void aCertificateNotYetValidIsAProblem() throws Exception {
        certs.leaf("bad.example.com")
                .valid(Instant.now().plus(DAY), Instant.now().plus(DAY.multipliedBy(30)))
                .writeTo(dir, "bad");

        assertOnlyGoodServedWithProblem("bad.crt: not yet valid");
    }

    @Test
    void aCertificateFileThatIsNotPemIsAProblem() throws Exception {
        certs.write(dir, "bad", "bad.example.com");
        Files.write(dir.resolve("bad.crt"), new byte[] {0x30, (byte) 0x82, 1, 2, 3, 4, 5});

        assertOnlyGoodServedWithProblem("bad.crt: not PEM: no CERTIFICATE block");
    }

    @Test
    void aCorruptPemBlockIsAProblem() throws Exception {
        certs.write(dir, "bad", "bad.example.com");
        Files.writeString(
                dir.resolve("bad.crt"), "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");

        assertOnlyGoodServedWithProblem("bad.crt: ");
    }

    @Test
    void aKeyThatDoesNotMatchItsCertificateIsAProblem() throws Exception {
        certs.write(dir, "bad", "bad.example.com");
        certs.write(dir, "other", "other.example.com");
        Files.copy(dir.resolve("other.key"), dir.resolve("bad.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(dir.resolve("other.crt"));

        assertOnlyGoodServedWithProblem("bad.key: key does not match certificate bad.crt");
    }

    @Test
    void anRsaKeyForAnEcCertificateIsAMismatchToo() throws Exception {
        certs.write(dir, "bad", "bad.example.com");
        certs.leaf("rsa.example.com").rsa().writeTo(dir, "rsa");
        Files.move(dir.resolve("rsa.key"), dir.resolve("bad.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(dir.resolve("rsa.crt"));

        assertOnlyGoodServedWithProblem("bad.key: key does not match certificate bad.crt");
    }

    @Test
    void anEncryptedKeyIsAProblemSayingSo() throws Exception {
        certs.leaf("bad.example.com")
                .keyFormat(TestCertificates.KeyFormat.ENCRYPTED)
                .writeTo(dir, "bad");

        assertOnlyGoodServedWithProblem("bad.key: encrypted keys are not supported");
    }

    @Test
    void replacingAGoodCertificateWithABadOneKeepsTheOldOneServing() throws Exception {
        certs.write(dir, "site", "site.example.com");
        store = open();
        SslContext before = store.forHost("site.example.com");
        Files.writeString(dir.resolve("site.crt"), "garbage");

        store.reload();

        assertThat(store.forHost("site.example.com")).isSameAs(before);
        assertThat(store.problems()).singleElement().asString().startsWith("site.crt: not PEM");
        assertThat(store.certificates()).extracting(CertificateInfo::file).contains(dir.resolve("site.crt"));
    }

    @Test
    void aHalfWrittenKeyIsAProblemForOneReloadOnly() throws Exception {
        certs.write(dir, "site", "site.example.com");
        String key = Files.readString(dir.resolve("site.key"));
        Files.writeString(dir.resolve("site.key"), key.substring(0, key.length() / 2));
        store = open();
        assertThat(store.problems()).singleElement().asString().startsWith("site.key: ");
        assertThat(store.forHost("site.example.com")).isSameAs(store.forHost("good.example.com"));

        Files.writeString(dir.resolve("site.key"), key);
        store.reload();

        assertThat(store.problems()).isEmpty();
        assertThat(store.forHost("site.example.com")).isNotSameAs(store.forHost("good.example.com"));
    }

    @Test
    void aKeyBlockInsideThePemFileIsUsedWhenThereIsNoKeyFile() throws Exception {
        certs.write(dir, "both", "both.example.com");
        Files.writeString(
                dir.resolve("both.pem"),
                Files.readString(dir.resolve("both.crt")) + Files.readString(dir.resolve("both.key")));
        Files.delete(dir.resolve("both.crt"));
        Files.delete(dir.resolve("both.key"));
        store = open();

        assertThat(store.problems()).isEmpty();
        assertThat(store.certificates()).extracting(CertificateInfo::file).contains(dir.resolve("both.pem"));
    }

    @Test
    void everythingBadLeavesNothingToServe() throws Exception {
        Files.writeString(dir.resolve("good.key"), "garbage");
        store = open();

        assertThat(store.hasAny()).isFalse();
        assertThat(store.forHost(null)).isNull();
        assertThat(store.problems()).containsExactly("good.key: not PEM: no PRIVATE KEY block");
    }

    private void assertOnlyGoodServedWithProblem(String problemPrefix) throws Exception {
        store = open();
        assertThat(store.problems()).singleElement().asString().startsWith(problemPrefix);
        assertThat(store.certificates()).extracting(CertificateInfo::file).containsExactly(dir.resolve("good.crt"));
        assertThat(store.forHost("bad.example.com")).isNotNull().isSameAs(store.forHost("good.example.com"));
    }

    private CertificateStore open() throws Exception {
        return CertificateStore.open(dir, Duration.ofMinutes(10), Clock.systemUTC(), null);
    }
}
