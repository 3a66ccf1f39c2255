package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    @Test
    void matchesAddressesInsideItsBlocksOnly() throws Exception {
        TrustedProxies t = TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.7", "2001:db8::/32", "172.16.0.0/12"));
        assertThat(t.contains(InetAddress.getByName("10.255.1.2"))).isTrue();
        assertThat(t.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
        assertThat(t.contains(InetAddress.getByName("192.168.1.7"))).isTrue();
        assertThat(t.contains(InetAddress.getByName("192.168.1.8"))).isFalse();
        assertThat(t.contains(InetAddress.getByName("2001:db8:1::5"))).isTrue();
        assertThat(t.contains(InetAddress.getByName("2001:db9::5"))).isFalse();
        assertThat(t.contains(InetAddress.getByName("172.31.255.255"))).isTrue();
        assertThat(t.contains(InetAddress.getByName("172.32.0.0"))).isFalse();
    }

    @Test
    void emptyByDefaultSoNobodyIsTrusted() throws Exception {
        assertThat(TrustedProxies.NONE.contains(InetAddress.getLoopbackAddress()))
                .isFalse();
        assertThat(TrustedProxies.of(List.of())).isSameAs(TrustedProxies.NONE);
    }

    @Test
    void aBadBlockIsRefusedByName() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33")))
                .hasMessage("trustedProxies: '10.0.0.0/33' has a prefix length outside 0..32");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.example")))
                .hasMessage("trustedProxies: 'proxy.example' is not an IP address or CIDR block");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/x"))).hasMessageContaining("'10.0.0.0/x'");
    }
}
