package dev.gantry.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Addresses whose forwarding headers the router believes: a list of CIDR blocks ("10.0.0.0/8",
 * "2001:db8::/32", or one address). Empty by default, so every client's {@code X-Forwarded-*},
 * {@code Forwarded} and {@code X-Request-Id} are replaced by the router's own.
 */
public final class TrustedProxies {
    public static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

    private final List<String> cidrs;
    private final List<Block> blocks;

    private TrustedProxies(List<String> cidrs, List<Block> blocks) {
        this.cidrs = cidrs;
        this.blocks = blocks;
    }

    /** Parses CIDR blocks; throws IllegalArgumentException naming the one that is not valid. */
    public static TrustedProxies of(List<String> cidrs) {
        if (cidrs == null || cidrs.isEmpty()) return NONE;
        return new TrustedProxies(
                List.copyOf(cidrs), cidrs.stream().map(Block::parse).toList());
    }

    public List<String> cidrs() {
        return cidrs;
    }

    boolean isEmpty() {
        return blocks.isEmpty();
    }

    boolean contains(InetAddress address) {
        if (address == null) return false;
        byte[] a = address.getAddress();
        for (Block b : blocks) {
            if (b.contains(a)) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return cidrs.toString();
    }

    private record Block(byte[] network, int prefix) {
        static Block parse(String cidr) {
            String c = cidr == null ? "" : cidr.trim();
            int slash = c.indexOf('/');
            String ip = slash < 0 ? c : c.substring(0, slash);
            if (ip.isEmpty() || !ip.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == '.' || ch == ':')) {
                throw new IllegalArgumentException("trustedProxies: '" + cidr + "' is not an IP address or CIDR block");
            }
            byte[] net;
            try {
                net = InetAddress.getByName(ip).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("trustedProxies: '" + cidr + "' is not an IP address or CIDR block");
            }
            int prefix = net.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(c.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > net.length * 8) {
                    throw new IllegalArgumentException(
                            "trustedProxies: '" + cidr + "' has a prefix length outside 0.." + net.length * 8);
                }
            }
            return new Block(net, prefix);
        }

        boolean contains(byte[] a) {
            if (a.length != network.length) return false;
            int full = prefix / 8;
            for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
            int rest = prefix % 8;
            if (rest == 0) return true;
            int mask = 0xff << (8 - rest) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}
