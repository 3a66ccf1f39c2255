package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsOptionsTest {
    @TempDir
    Path dir;

    @Test
    void invalidOptionsAreRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> TlsOptions.certificates(null)).hasMessage("certificateDirectory: must not be null");
        assertThatThrownBy(() -> TlsOptions.certificates(dir).withPollInterval(Duration.ZERO))
                .hasMessage("pollInterval: must be positive, was PT0S");
        assertThatThrownBy(() -> new TlsOptions(dir, Duration.ofSeconds(1), dir.resolve("ca"), null))
                .hasMessage("localCaHosts: must be given with localCaDirectory and only then");
        assertThatThrownBy(() -> TlsOptions.certificates(dir).withLocalCa(dir, h -> true))
                .hasMessageStartingWith("localCaDirectory: must differ from certificateDirectory");
    }

    @Test
    void loopbackHostsAcceptLocalhostItsSubdomainsAndLoopbackAddressesOnly() {
        var accepts = TlsOptions.loopbackHosts();

        assertThat(accepts)
                .accepts("localhost", "hello.localhost", "a.b.localhost", "127.0.0.1", "0:0:0:0:0:0:0:1")
                .rejects("example.com", "localhost.example.com", "notlocalhost", "10.0.0.1");
    }

    @Test
    void openStoreCreatesTheLocalCaAndServesMintedCertificates() throws Exception {
        TlsOptions options = TlsOptions.certificates(dir.resolve("certs"))
                .withLocalCa(dir.resolve("tls"), TlsOptions.loopbackHosts());

        try (CertificateStore store = options.openStore(Clock.systemUTC())) {
            assertThat(options.localCaCertificate()).exists().isEqualTo(dir.resolve("tls/ca.crt"));
            assertThat(store.hasAny()).isTrue();
            assertThat(store.forHost("hello.localhost")).isNotNull();
            assertThat(store.forHost("example.com"))
                    .as("loopback certificate as the fallback")
                    .isNotNull();
        }
    }
}
