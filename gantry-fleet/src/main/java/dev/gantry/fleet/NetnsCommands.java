package dev.gantry.fleet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The names and command lines of one {@code netns} environment, as data. Linux interface names stop at 15 characters,
 * so the bridge is {@code gantry-ENV} (ENV has at most 8) and a host's veth is {@code gv-ENV-} and a hash of its name;
 * its peer inside the namespace is {@code eth0}. Namespaces are {@code gantry-ENV-HOST}. ENV has no '-', so one
 * environment's prefix never matches another's.
 */
record NetnsCommands(String env) {
    static final String SSHD = "/usr/sbin/sshd";

    String bridge() {
        return "gantry-" + env;
    }

    String namespacePrefix() {
        return "gantry-" + env + "-";
    }

    String namespace(String host) {
        return namespacePrefix() + host;
    }

    String vethPrefix() {
        return "gv-" + env + "-";
    }

    String veth(String host) {
        CRC32 crc = new CRC32();
        crc.update(host.getBytes(StandardCharsets.UTF_8));
        String hex = HexFormat.of().toHexDigits((int) crc.getValue())
                + HexFormat.of().toHexDigits(host.hashCode());
        return vethPrefix() + hex.substring(0, 15 - vethPrefix().length());
    }

    List<List<String>> createBridge(Subnet network) {
        return List.of(
                List.of("ip", "link", "add", bridge(), "type", "bridge"),
                List.of("ip", "addr", "add", network.gateway() + "/" + network.prefix(), "dev", bridge()),
                List.of("ip", "link", "set", bridge(), "up"));
    }

    /** A namespace joined to the bridge by a veth pair, with its address and no default route. */
    List<List<String>> createHost(String host, String address, Subnet network) {
        String ns = namespace(host);
        return List.of(
                List.of("ip", "netns", "add", ns),
                List.of("ip", "link", "add", veth(host), "type", "veth", "peer", "name", "eth0", "netns", ns),
                List.of("ip", "link", "set", veth(host), "master", bridge(), "up"),
                List.of("ip", "-n", ns, "addr", "add", address + "/" + network.prefix(), "dev", "eth0"),
                List.of("ip", "-n", ns, "link", "set", "lo", "up"),
                List.of("ip", "-n", ns, "link", "set", "eth0", "up"));
    }

    /**
     * Starts the host's sshd inside its namespace and in a UTS namespace of its own whose hostname is the host's name;
     * every session (and so every process Ansible starts) inherits both. {@code ip netns exec} also bind-mounts
     * {@code /etc/netns/NS/resolv.conf} (empty) over {@code /etc/resolv.conf} for them.
     */
    List<String> startSshd(String host, Path config, Path log) {
        return List.of(
                "ip",
                "netns",
                "exec",
                namespace(host),
                "unshare",
                "--uts",
                "sh",
                "-c",
                "hostname \"$0\" && exec " + SSHD + " -f \"$1\" -E \"$2\"",
                host,
                config.toString(),
                log.toString());
    }

    /** Takes the bridge's end of a host's veth down (the host is cut off: its eth0 loses carrier) or up again. */
    List<String> setLink(String host, boolean up) {
        return List.of("ip", "link", "set", veth(host), up ? "up" : "down");
    }

    List<String> pids(String namespace) {
        return List.of("ip", "netns", "pids", namespace);
    }

    List<String> deleteNamespace(String namespace) {
        return List.of("ip", "netns", "del", namespace);
    }

    List<String> deleteLink(String link) {
        return List.of("ip", "link", "del", link);
    }
}
