package dev.gantry.api.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How a client trusts the control plane's certificate when the system's trust store is not the
 * answer: a pinned fingerprint or a CA file. Either way the JDK still checks that the certificate
 * names the host in the URL (these trust managers are plain {@link X509TrustManager}s, which the
 * JDK wraps with its endpoint identification), so a pin of a CA that signs other hosts' certificates
 * too does not let those hosts pass for the control plane. The control plane's email notifier trusts a private
 * SMTP server's CA with {@link #caFile(Path)} too.
 */
public final class ServerTrust {
    private ServerTrust() {}

    /** Trusts exactly a chain that contains the certificate with {@code pin} and is valid up to it. */
    static SSLContext pinned(CaFingerprint pin) {
        return context(new PinnedTrustManager(pin));
    }

    /**
     * Trusts chains that lead to one of the PEM certificates in {@code file}; an IOException starting
     * {@code caFile:} when it is missing or holds no certificate.
     */
    public static SSLContext caFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends java.security.cert.Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) throw new IOException("caFile: no PEM certificate in " + file);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (var c : certificates) store.setCertificateEntry("ca-" + i++, c);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return context(factory.getTrustManagers()[0]);
        } catch (NoSuchFileException e) {
            throw new IOException("caFile: " + file + " does not exist");
        } catch (GeneralSecurityException e) {
            throw new IOException("caFile: " + file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static SSLContext context(TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * Accepts a server chain when one of its certificates has the pinned fingerprint: the leaf itself,
     * or a CA whose signature the certificates below it verify (PKIX from that anchor: signatures,
     * validity, CA constraints; no revocation, as a private CA publishes none).
     */
    static final class PinnedTrustManager implements X509TrustManager {
        private final CaFingerprint pin;

        PinnedTrustManager(CaFingerprint pin) {
            this.pin = pin;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) throw new CertificateException("the server sent no certificate");
            for (int i = 0; i < chain.length; i++) {
                if (!pin.matches(chain[i])) continue;
                if (i == 0) chain[0].checkValidity();
                else validate(Arrays.asList(chain).subList(0, i), chain[i]);
                return;
            }
            throw new CertificateException("the control plane's certificate does not match the pinned fingerprint:"
                    + " expected " + pin + ", the server presented " + presented(chain));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a control plane client does not accept client certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        private static void validate(List<X509Certificate> path, X509Certificate anchor) throws CertificateException {
            try {
                PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
                params.setRevocationEnabled(false);
                CertPathValidator.getInstance("PKIX")
                        .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            } catch (GeneralSecurityException e) {
                throw new CertificateException(
                        "the control plane's certificate chain does not verify up to the pinned CA "
                                + CaFingerprint.of(anchor) + ": " + e.getMessage(),
                        e);
            }
        }

        /** Each certificate of the chain as {@code sha256:... (subject)}, leaf first. */
        private static String presented(X509Certificate[] chain) {
            return Arrays.stream(chain)
                    .map(c -> CaFingerprint.of(c) + " ("
                            + c.getSubjectX500Principal().getName() + ")")
                    .collect(Collectors.joining(", issued by "));
        }
    }
}
