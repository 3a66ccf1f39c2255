package dev.gantry.proxy;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Test certificates made at test time: a CA, and leaf certificate + key pairs it signs, written as
 * PEM with chosen host names, validity, key type and key format.
 */
final class TestCertificates {
    enum KeyFormat {
        PKCS8,
        TRADITIONAL,
        ENCRYPTED
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair caKeys = keyPair("EC");
    private final X509Certificate ca = sign(
            new X500Name("CN=Test CA"),
            caKeys,
            Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(365)),
            true,
            List.of());

    X509Certificate ca() {
        return ca;
    }

    /** A JDK client context that trusts this CA and nothing else. */
    SSLContext clientContext() {
        return clientContextTrusting(ca);
    }

    static SSLContext clientContextTrusting(X509Certificate anchor) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", anchor);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An EC leaf for these names (dNSName, or iPAddress for literals), valid from yesterday for 30 days. */
    Leaf leaf(String... hosts) {
        return new Leaf(List.of(hosts));
    }

    /** Writes {@code <name>.crt} and {@code <name>.key} for a default leaf; returns the certificate file. */
    Path write(Path dir, String name, String... hosts) throws IOException {
        return leaf(hosts).writeTo(dir, name);
    }

    final class Leaf {
        private final List<String> hosts;
        private Instant notBefore = Instant.now().minus(Duration.ofDays(1));
        private Instant notAfter = Instant.now().plus(Duration.ofDays(30));
        private String keyType = "EC";
        private KeyFormat format = KeyFormat.PKCS8;
        private boolean commonNameOnly;
        private X509Certificate certificate;

        private Leaf(List<String> hosts) {
            this.hosts = hosts;
        }

        Leaf valid(Instant from, Instant to) {
            notBefore = from;
            notAfter = to;
            return this;
        }

        Leaf rsa() {
            keyType = "RSA";
            return this;
        }

        Leaf keyFormat(KeyFormat f) {
            format = f;
            return this;
        }

        /** No subjectAltName: the names are in the CN only (the first host). */
        Leaf commonNameOnly() {
            commonNameOnly = true;
            return this;
        }

        Path writeTo(Path dir, String name) throws IOException {
            KeyPair keys = keyPair(keyType);
            X500Name subject = new X500Name("CN=" + hosts.get(0));
            certificate = sign(subject, keys, notBefore, notAfter, false, commonNameOnly ? List.of() : hosts);
            Path crt = dir.resolve(name + ".crt");
            Files.writeString(crt, pem(certificate));
            writeKey(dir.resolve(name + ".key"), keys, format);
            return crt;
        }

        X509Certificate certificate() {
            return certificate;
        }
    }

    static void writeKey(Path file, KeyPair keys, KeyFormat format) throws IOException {
        PrivateKey key = keys.getPrivate();
        try {
            Object block = switch (format) {
                case PKCS8 -> new JcaPKCS8Generator(key, null);
                case TRADITIONAL ->
                    key.getAlgorithm().equals("EC")
                            ? sec1(keys)
                            : key; // "EC PRIVATE KEY" or "RSA PRIVATE KEY" (PKCS#1)
                case ENCRYPTED ->
                    new JcaPKCS8Generator(
                            key,
                            new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                                    .setProvider(new BouncyCastleProvider())
                                    .setPassword("secret".toCharArray())
                                    .build());
            };
            Files.writeString(file, pem(block));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new IOException(e);
        }
    }

    /** "EC PRIVATE KEY" as openssl writes it: with the curve and the public key (the JDK's encoding has neither). */
    private static PemObject sec1(KeyPair keys) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
        ECPrivateKey bare = ECPrivateKey.getInstance(info.parsePrivateKey());
        DERBitString publicKey = new DERBitString(
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded())
                        .getPublicKeyData()
                        .getOctets());
        ECPrivateKey full = new ECPrivateKey(
                256, bare.getKey(), publicKey, info.getPrivateKeyAlgorithm().getParameters());
        return new PemObject("EC PRIVATE KEY", full.getEncoded());
    }

    static String pem(Object block) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(block);
        }
        return out.toString();
    }

    private X509Certificate sign(
            X500Name subject, KeyPair keys, Instant from, Instant to, boolean isCa, List<String> sans) {
        try {
            X500Name issuer =
                    isCa ? subject : new X500Name(ca.getSubjectX500Principal().getName());
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    issuer,
                    new BigInteger(64, RANDOM).add(BigInteger.ONE),
                    Date.from(from),
                    Date.from(to),
                    subject,
                    keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (!sans.isEmpty())
                b.addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(sans.stream()
                                .map(h -> new GeneralName(
                                        IPAddress.isValid(h) ? GeneralName.iPAddress : GeneralName.dNSName, h))
                                .toArray(GeneralName[]::new)));
            PrivateKey signer = isCa ? keys.getPrivate() : caKeys.getPrivate();
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot sign a test certificate for " + subject + " " + Arrays.asList(sans), e);
        }
    }

    private static KeyPair keyPair(String type) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(type);
            if (type.equals("EC")) g.initialize(new ECGenParameterSpec("secp256r1"));
            else g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
