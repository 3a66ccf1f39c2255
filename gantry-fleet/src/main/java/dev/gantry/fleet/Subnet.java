package dev.gantry.fleet;

/**
 * An IPv4 network such as {@code 10.77.0.0/24}: the private range a {@code netns} environment's bridge and hosts take
 * their addresses from. The bridge (the control machine's side) takes the first address, hosts the ones after it.
 */
public record Subnet(int base, int prefix) {
    /** The default test range. */
    public static final Subnet DEFAULT = parse("10.77.0.0/24");

    public Subnet {
        if (prefix < 16 || prefix > 29) throw new IllegalArgumentException("prefix must be 16 to 29, was " + prefix);
        if ((base & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException("host bits must be 0, was " + text(base) + "/" + prefix);
        }
    }

    /** {@code 10.77.0.0/24}; IllegalArgumentException saying what is wrong otherwise. */
    public static Subnet parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 2) throw new IllegalArgumentException("must look like 10.77.0.0/24, was " + text);
        int prefix;
        try {
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must look like 10.77.0.0/24, was " + text);
        }
        return new Subnet(address(parts[0]), prefix);
    }

    /** The n-th address of the network as text (0 is the network itself). */
    public String at(int n) {
        if (n <= 0 || n >= size() - 1) throw new IllegalArgumentException(n + " is outside " + this);
        return text(base + n);
    }

    /** The control machine's address on the bridge: the first one. */
    public String gateway() {
        return at(1);
    }

    /** Whether {@code address} is a host address of this network other than the gateway. */
    public boolean holdsHost(String address) {
        int a = address(address);
        int n = a - base;
        return (a & mask(prefix)) == base && n > 1 && n < size() - 1;
    }

    public int size() {
        return 1 << (32 - prefix);
    }

    @Override
    public String toString() {
        return text(base) + "/" + prefix;
    }

    /** The address as a number; IllegalArgumentException unless it is four numbers 0-255. */
    static int address(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) throw new IllegalArgumentException("not an IPv4 address: " + text);
        int a = 0;
        for (String p : parts) {
            int v;
            try {
                v = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            if (v < 0 || v > 255 || !p.equals(Integer.toString(v))) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            a = (a << 8) | v;
        }
        return a;
    }

    private static String text(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }
}
