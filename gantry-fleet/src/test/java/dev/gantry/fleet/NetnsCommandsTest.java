package dev.gantry.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetnsCommandsTest {
    private final NetnsCommands prod = new NetnsCommands("prod1234");

    @Test
    void aNetnsHostGivesRootAPlainShellSoThatNoBashrcRunsOnEveryAnsibleTask() {
        assertThat(NetnsProvider.plainShells(
                        "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"))
                .isEqualTo("root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n");
    }

    @Test
    void interfaceNamesFitLinuxsFifteenCharacters() {
        assertThat(prod.bridge()).isEqualTo("gantry-prod1234").hasSizeLessThanOrEqualTo(15);
        assertThat(prod.veth("a-rather-long-host-name"))
                .startsWith("gv-prod1234-")
                .hasSize(15);
        assertThat(prod.veth("node1")).isNotEqualTo(prod.veth("node2"));
    }

    @Test
    void aHostIsANamespaceOnTheBridgeWithItsAddressAndNoDefaultRoute() {
        NetnsCommands cmd = new NetnsCommands("t");
        String veth = cmd.veth("node1");
        assertThat(cmd.createHost("node1", "10.77.0.2", Subnet.parse("10.77.0.0/24")))
                .containsExactly(
                        List.of("ip", "netns", "add", "gantry-t-node1"),
                        List.of(
                                "ip",
                                "link",
                                "add",
                                veth,
                                "type",
                                "veth",
                                "peer",
                                "name",
                                "eth0",
                                "netns",
                                "gantry-t-node1"),
                        List.of("ip", "link", "set", veth, "master", "gantry-t", "up"),
                        List.of("ip", "-n", "gantry-t-node1", "addr", "add", "10.77.0.2/24", "dev", "eth0"),
                        List.of("ip", "-n", "gantry-t-node1", "link", "set", "lo", "up"),
                        List.of("ip", "-n", "gantry-t-node1", "link", "set", "eth0", "up"));
    }

    @Test
    void subnetsHandOutAddressesAfterTheGateway() {
        Subnet net = Subnet.parse("10.77.4.0/24");
        assertThat(net.gateway()).isEqualTo("10.77.4.1");
        assertThat(net.holdsHost("10.77.4.2")).isTrue();
        assertThat(net.holdsHost("10.77.4.1")).isFalse();
        assertThat(net.holdsHost("10.77.4.255")).isFalse();
        assertThat(net.holdsHost("10.77.5.2")).isFalse();
    }
}
