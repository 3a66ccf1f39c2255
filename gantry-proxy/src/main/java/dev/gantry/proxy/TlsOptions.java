package dev.gantry.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import org.bouncycastle.util.IPAddress;

/**
 * How the router terminates TLS: PEM certificates in {@code certificateDirectory}, polled every
 * {@code pollInterval}, and optionally a local CA in {@code localCaDirectory} that mints
 * certificates for the host names {@code localCaHosts} accepts (both null without a local CA).
 * See "TLS certificates" in the module README for the directory layout.
 */
public record TlsOptions(
        Path certificateDirectory, Duration pollInterval, Path localCaDirectory, Predicate<String> localCaHosts) {
    public static final Duration DEFAULT_POLL_INTERVAL = CertificateStore.DEFAULT_POLL;

    public TlsOptions {
        if (certificateDirectory == null) throw new IllegalArgumentException("certificateDirectory: must not be null");
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval: must be positive, was " + pollInterval);
        }
        if ((localCaDirectory == null) != (localCaHosts == null)) {
            throw new IllegalArgumentException("localCaHosts: must be given with localCaDirectory and only then");
        }
        if (localCaDirectory != null
                && localCaDirectory
                        .toAbsolutePath()
                        .normalize()
                        .equals(certificateDirectory.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(
                    "localCaDirectory: must differ from certificateDirectory (ca.crt would be served), was "
                            + localCaDirectory);
        }
    }

    /** Certificates from one directory, polled every two seconds, no local CA. */
    public static TlsOptions certificates(Path certificateDirectory) {
        return new TlsOptions(certificateDirectory, DEFAULT_POLL_INTERVAL, null, null);
    }

    public TlsOptions withPollInterval(Duration pollInterval) {
        return new TlsOptions(certificateDirectory, pollInterval, localCaDirectory, localCaHosts);
    }

    /** Adds a local CA (created in {@code dir} on first use) for the names {@code hosts} accepts. */
    public TlsOptions withLocalCa(Path dir, Predicate<String> hosts) {
        return new TlsOptions(certificateDirectory, pollInterval, dir, hosts);
    }

    /** The CA certificate clients should trust, or null without a local CA. */
    public Path localCaCertificate() {
        return localCaDirectory == null ? null : localCaDirectory.resolve(LocalIssuer.CA_CERT);
    }

    /** {@code localhost}, {@code *.localhost} and loopback addresses: what the local CA should accept by default. */
    public static Predicate<String> loopbackHosts() {
        return host -> host.equals("localhost") || host.endsWith(".localhost") || isLoopbackAddress(host);
    }

    /** Opens the local CA (if any) and the certificate store; the caller closes the store. */
    CertificateStore openStore(Clock clock) throws IOException {
        LocalIssuer issuer =
                localCaDirectory == null ? null : LocalIssuer.openOrCreate(localCaDirectory, clock, localCaHosts);
        return CertificateStore.open(certificateDirectory, pollInterval, clock, issuer);
    }

    private static boolean isLoopbackAddress(String host) {
        try {
            return IPAddress.isValid(host) && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
