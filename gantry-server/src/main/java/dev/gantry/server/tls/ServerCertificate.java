package dev.gantry.server.tls;

import dev.gantry.api.client.CaFingerprint;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The API's certificate chain (leaf first) and private key, and the fingerprint clients pin: the
 * last certificate of the chain, which is the CA for a generated certificate (or for a file that
 * carries its chain) and the leaf itself for a file that carries only the leaf.
 */
public record ServerCertificate(List<X509Certificate> chain, PrivateKey key) {
    static final char[] KEYSTORE_PASSWORD = "gantry".toCharArray();
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    public ServerCertificate {
        if (chain == null || chain.isEmpty()) throw new IllegalArgumentException("chain: must not be empty");
        if (key == null) throw new IllegalArgumentException("key: must not be null");
        chain = List.copyOf(chain);
    }

    /** The certificate for {@code tls}: read from its files, or issued by the private CA in {@code caDir}. */
    public static ServerCertificate load(ApiTls tls, Path caDir, List<String> names, java.time.Clock clock)
            throws IOException {
        if (!tls.generates()) return read(tls.certFile(), tls.keyFile());
        return PrivateCa.openOrCreate(caDir, clock).serverCertificate(names);
    }

    /** Reads a PEM chain and its PEM key, naming the file at fault. */
    public static ServerCertificate read(Path certFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        for (Object block : blocks(certFile)) {
            if (block instanceof X509CertificateHolder holder) chain.add(certificate(certFile, holder));
        }
        if (chain.isEmpty()) throw new IOException("tlsCert: no CERTIFICATE block in " + certFile);
        for (Object block : blocks(keyFile)) {
            PrivateKeyInfo info = block instanceof PEMKeyPair pair
                    ? pair.getPrivateKeyInfo()
                    : block instanceof PrivateKeyInfo i ? i : null;
            if (info == null) continue;
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(info);
            if (!matches(chain.getFirst(), key))
                throw new IOException("tlsKey: " + keyFile + " is not the key of the certificate in " + certFile);
            return new ServerCertificate(chain, key);
        }
        throw new IOException("tlsKey: no unencrypted PRIVATE KEY block in " + keyFile);
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /** What clients pin: {@code --ca-fingerprint} takes this. */
    public CaFingerprint fingerprint() {
        return CaFingerprint.of(chain.getLast());
    }

    /** The chain and key in an in-memory key store for Jetty (password {@link #KEYSTORE_PASSWORD}). */
    KeyStore keyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("api", key, KEYSTORE_PASSWORD, chain.toArray(new X509Certificate[0]));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("tls: cannot hold the API's key in a key store: " + e.getMessage(), e);
        }
    }

    /** Whether the leaf is valid until {@code until} and names every one of {@code names}. */
    boolean covers(List<String> names, Instant until) {
        if (leaf().getNotAfter().toInstant().isBefore(until)) return false;
        try {
            Collection<List<?>> sans = leaf().getSubjectAlternativeNames();
            if (sans == null) return names.isEmpty();
            List<String> have = new ArrayList<>();
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                if (type == DNS_NAME || type == IP_ADDRESS) have.add(normalized((String) san.get(1)));
            }
            return names.stream().map(ServerCertificate::normalized).allMatch(have::contains);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static String normalized(String name) {
        if (!name.contains(":")) return name.toLowerCase(java.util.Locale.ROOT);
        try {
            return java.net.InetAddress.getByName(name).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return name;
        }
    }

    /** Signs a probe with the key and verifies it with the leaf's public key (RSA, EC, EdDSA). */
    private static boolean matches(X509Certificate leaf, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            default -> "Ed25519";
        };
        byte[] probe = "gantry".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signer.sign());
        } catch (GeneralSecurityException e) {
            return false; // a key of another type than the certificate's
        }
    }

    private static List<Object> blocks(Path file) throws IOException {
        List<Object> blocks = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(in)) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) blocks.add(block);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": does not exist");
        } catch (IOException | RuntimeException e) { // BouncyCastle throws DecoderException on bad base64
            throw new IOException(file + ": not PEM: " + e.getMessage(), e);
        }
        return blocks;
    }

    private static X509Certificate certificate(Path file, X509CertificateHolder holder) throws IOException {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IOException(file + ": not a valid certificate: " + e.getMessage(), e);
        }
    }
}
