package dev.gantry.server.tls;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How the control plane serves its API over HTTPS. Built once, validated on construction.
 *
 * @param certFile  PEM certificate chain, leaf first; null (with keyFile null): a certificate from the
 *                  control plane's own private CA in {@code DATA/tls/control-plane}, made on first start
 * @param keyFile   PEM private key of certFile (PKCS#8, SEC1 or PKCS#1)
 * @param plainPort port of a second, plain-HTTP listener on 127.0.0.1 for what runs on this host (the
 *                  embedded agent, instances reading flags, a local CLI); 0 picks a free one, -1 runs none
 */
public record ApiTls(Path certFile, Path keyFile, int plainPort) {
    public static final int DEFAULT_PLAIN_PORT = 7069;

    /** When the API uses TLS: {@code AUTO} with a certificate given or on a non-loopback address. */
    public enum Mode {
        AUTO,
        ON,
        OFF
    }

    public ApiTls {
        if ((certFile == null) != (keyFile == null))
            throw new IllegalArgumentException((certFile == null ? "tlsCert" : "tlsKey") + ": is required with "
                    + (certFile == null ? "tlsKey" : "tlsCert"));
        certFile = certFile == null ? null : certFile.toAbsolutePath().normalize();
        keyFile = keyFile == null ? null : keyFile.toAbsolutePath().normalize();
        if (plainPort < -1 || plainPort > 65535)
            throw new IllegalArgumentException("plainPort: must be -1 (none) or 0..65535, was " + plainPort);
    }

    /** A certificate from the control plane's own CA, with a plain listener on loopback at {@code plainPort}. */
    public static ApiTls generated(int plainPort) {
        return new ApiTls(null, null, plainPort);
    }

    /**
     * What {@code mode} means for a server on {@code bindAddress}: null serves plain HTTP. {@code AUTO}
     * serves HTTPS when a certificate is given or the address is not a loopback one (so the embedded,
     * single-machine shape on 127.0.0.1 stays plain HTTP).
     */
    public static ApiTls choose(Mode mode, Path certFile, Path keyFile, String bindAddress, int plainPort) {
        boolean files = certFile != null || keyFile != null;
        return switch (mode) {
            case OFF -> {
                if (files) throw new IllegalArgumentException("tls: is off, but a certificate or key was given");
                yield null;
            }
            case ON -> new ApiTls(certFile, keyFile, plainPort);
            case AUTO -> files || !loopback(bindAddress) ? new ApiTls(certFile, keyFile, plainPort) : null;
        };
    }

    public boolean generates() {
        return certFile == null;
    }

    /**
     * The names a generated certificate carries: localhost and the loopback addresses, this machine's
     * host names, the listen address (every interface's addresses when it is a wildcard), and the
     * host of {@code advertiseUrl} when there is one.
     */
    public static List<String> certificateNames(String bindAddress, String advertiseUrl) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName());
            names.add(local.getCanonicalHostName());
        } catch (UnknownHostException e) {
            // a machine whose own name does not resolve: its addresses still go in
        }
        InetAddress bind = address(bindAddress);
        if (bind != null && bind.isAnyLocalAddress()) names.addAll(interfaceAddresses());
        else if (bind != null) names.add(bind.getHostAddress());
        if (advertiseUrl != null && URI.create(advertiseUrl).getHost() != null)
            names.add(URI.create(advertiseUrl).getHost().replaceAll("^\\[|]$", ""));
        names.removeIf(n -> n.isBlank() || n.contains("%"));
        return List.copyOf(names);
    }

    private static boolean loopback(String bindAddress) {
        InetAddress a = address(bindAddress);
        return a != null && a.isLoopbackAddress();
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static List<String> interfaceAddresses() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> !(a instanceof Inet6Address && a.isLinkLocalAddress()))
                    .map(InetAddress::getHostAddress)
                    .toList();
        } catch (SocketException e) {
            return List.of();
        }
    }
}
