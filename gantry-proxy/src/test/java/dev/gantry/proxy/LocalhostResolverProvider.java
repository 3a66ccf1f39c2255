package dev.gantry.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.stream.Stream;

/**
 * Resolves every {@code *.localhost} name to 127.0.0.1 (RFC 6761 says such names are loopback;
 * glibc here does not know it), so tests can use HTTPS URLs with real host names, and so SNI.
 * Registered in META-INF/services for the test JVM only.
 */
public final class LocalhostResolverProvider extends InetAddressResolverProvider {
    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver system = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (host.endsWith(".localhost"))
                    return Stream.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
                return system.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return system.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "gantry-test-localhost";
    }
}
