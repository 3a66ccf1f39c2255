package dev.gantry.server.tls;

import dev.gantry.api.files.OwnerOnly;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's own certificate authority, in one directory (0700, files 0600): {@code ca.crt} and
 * {@code ca.key} (EC P-256, ten years), made on first start, and {@code server.crt} and
 * {@code server.key} (one year, signed by it), issued again at a start when the one on disk expires
 * within 30 days or lacks one of the names asked for. The CA signs nothing
 * else, so its fingerprint names this control plane; it is kept apart from the router's local CA
 * ({@code DATA/tls/ca}), which mints certificates for the apps' localhost names.
 */
final class PrivateCa {
    static final String CA_CERT = "ca.crt";
    static final String CA_KEY = "ca.key";
    static final String SERVER_CERT = "server.crt";
    static final String SERVER_KEY = "server.key";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration SERVER_VALIDITY = Duration.ofDays(365);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** Tolerates clients whose clock is a little behind. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger(PrivateCa.class);

    private final Path dir;
    private final Clock clock;
    private final ServerCertificate ca;

    private PrivateCa(Path dir, Clock clock, ServerCertificate ca) {
        this.dir = dir;
        this.clock = clock;
        this.ca = ca;
    }

    /** Loads the CA in {@code dir}, making it first when {@code ca.crt} is not there. */
    static PrivateCa openOrCreate(Path dir, Clock clock) throws IOException {
        OwnerOnly.directory(dir);
        Path crt = dir.resolve(CA_CERT);
        Path key = dir.resolve(CA_KEY);
        if (!Files.exists(crt)) createCa(crt, key, clock.instant());
        if (!Files.exists(key))
            throw new IOException(key + ": missing beside " + crt + "; remove " + crt + " to make a new CA"
                    + " (every agent, router and CLI must then pin the new fingerprint)");
        return new PrivateCa(dir, clock, ServerCertificate.read(crt, key));
    }

    X509Certificate certificate() {
        return ca.leaf();
    }

    /** The server's certificate for {@code names}, with the CA after it in the chain; issued when needed. */
    ServerCertificate serverCertificate(List<String> names) throws IOException {
        Path crt = dir.resolve(SERVER_CERT);
        Path key = dir.resolve(SERVER_KEY);
        if (Files.exists(crt) && Files.exists(key)) {
            ServerCertificate current = ServerCertificate.read(crt, key);
            if (current.chain().getLast().equals(ca.leaf())
                    && current.covers(names, clock.instant().plus(RENEW_BEFORE))) return current;
        }
        return issue(names, crt, key);
    }

    private ServerCertificate issue(List<String> names, Path crt, Path key) throws IOException {
        Instant now = clock.instant();
        try {
            KeyPair keys = ecKeyPair();
            X509v3CertificateBuilder leaf = new JcaX509v3CertificateBuilder(
                    ca.leaf(),
                    serial(),
                    Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(SERVER_VALIDITY)),
                    new X500Name("CN=Gantry control plane"),
                    keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            leaf.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, subjectAltNames(names))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.leaf()));
            X509Certificate cert = sign(leaf, ca.key());
            OwnerOnly.write(key, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
            OwnerOnly.write(crt, pem(cert) + pem(ca.leaf()));
            log.info(
                    "control plane certificate issued names={} notAfter={} file={}",
                    names,
                    cert.getNotAfter().toInstant(),
                    crt);
            return new ServerCertificate(List.of(cert, ca.leaf()), keys.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException(
                    "tls: cannot issue the control plane's certificate in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void createCa(Path crt, Path key, Instant now) throws IOException {
        try {
            KeyPair keys = ecKeyPair();
            X500Name name = new X500Name("CN=Gantry control plane CA " + Long.toHexString(RANDOM.nextLong()));
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name,
                    serial(),
                    Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(CA_VALIDITY)),
                    name,
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate cert = sign(builder, keys.getPrivate());
            OwnerOnly.write(key, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
            OwnerOnly.write(crt, pem(cert));
            log.info(
                    "control plane CA created file={} notAfter={}",
                    crt,
                    cert.getNotAfter().toInstant());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("tls: cannot make a CA in " + crt.getParent() + ": " + e.getMessage(), e);
        }
    }

    private static GeneralNames subjectAltNames(List<String> names) {
        return new GeneralNames(names.stream()
                .map(n -> new GeneralName(IPAddress.isValid(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
                .toArray(GeneralName[]::new));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
