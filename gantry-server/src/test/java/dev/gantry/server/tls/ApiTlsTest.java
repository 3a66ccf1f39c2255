package dev.gantry.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.server.tls.ApiTls.Mode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ApiTlsTest {
    private static final Path CERT = Path.of("/etc/gantry/api.crt");
    private static final Path KEY = Path.of("/etc/gantry/api.key");

    @Test
    void autoServesPlainHttpOnLoopbackAndHttpsWithAGeneratedCertificateElsewhere() {
        assertThat(ApiTls.choose(Mode.AUTO, null, null, "127.0.0.1", 7069)).isNull();
        assertThat(ApiTls.choose(Mode.AUTO, null, null, "localhost", 7069)).isNull();
        assertThat(ApiTls.choose(Mode.AUTO, null, null, "0.0.0.0", 7069)).isEqualTo(ApiTls.generated(7069));
        assertThat(ApiTls.choose(Mode.AUTO, null, null, "10.0.0.5", -1)).isEqualTo(ApiTls.generated(-1));
    }

    @Test
    void aGivenCertificateTurnsHttpsOnEvenOnLoopback() {
        assertThat(ApiTls.choose(Mode.AUTO, CERT, KEY, "127.0.0.1", 7069)).isEqualTo(new ApiTls(CERT, KEY, 7069));
        assertThat(ApiTls.choose(Mode.ON, null, null, "127.0.0.1", 0)).isEqualTo(ApiTls.generated(0));
    }

    @Test
    void offServesPlainHttpAndRefusesACertificate() {
        assertThat(ApiTls.choose(Mode.OFF, null, null, "0.0.0.0", 7069)).isNull();
        assertThatThrownBy(() -> ApiTls.choose(Mode.OFF, CERT, KEY, "0.0.0.0", 7069))
                .hasMessage("tls: is off, but a certificate or key was given");
    }

    @Test
    void aCertificateWithoutItsKeyIsRefusedNamingTheMissingOne() {
        assertThatThrownBy(() -> new ApiTls(CERT, null, 7069)).hasMessage("tlsKey: is required with tlsCert");
        assertThatThrownBy(() -> new ApiTls(null, KEY, 7069)).hasMessage("tlsCert: is required with tlsKey");
        assertThatThrownBy(() -> ApiTls.generated(-2)).hasMessage("plainPort: must be -1 (none) or 0..65535, was -2");
    }

    @Test
    void aGeneratedCertificateNamesLoopbackThisHostTheListenAddressAndTheAdvertisedHost() {
        assertThat(ApiTls.certificateNames("10.1.2.3", "https://cp.example.com:7070"))
                .contains("localhost", "127.0.0.1", "::1", "10.1.2.3", "cp.example.com");
        assertThat(ApiTls.certificateNames("0.0.0.0", null)).contains("localhost", "127.0.0.1");
    }
}
