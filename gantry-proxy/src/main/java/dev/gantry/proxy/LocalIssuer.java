package dev.gantry.proxy;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
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
 * A private certificate authority for development (Caddy's "internal" TLS). Creates
 * {@code ca.crt} and {@code ca.key} once (EC P-256, ten years; key file 0600 and directory 0700
 * where POSIX) and mints a 90-day EC P-256 leaf for each host name its predicate accepts, on first
 * use. Minting costs a few milliseconds (a key pair, one signature, one SslContext) on the
 * caller's thread, which through SniHandler is an event loop; leaves are cached in memory (the
 * last {@value #MAX_CACHED} names) and renewed 30 days before they expire.
 */
final class LocalIssuer {
    static final String CA_CERT = "ca.crt";
    static final String CA_KEY = "ca.key";
    static final int MAX_CACHED = 1_000;
    static final Duration LEAF_VALIDITY = Duration.ofDays(90);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** Tolerates clients whose clock is a little behind. */
    private static final Duration BACKDATE = Duration.ofHours(1);
    /** Names of the certificate served without SNI, as far as the predicate accepts them. */
    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");

    private static final String LOOPBACK_KEY = "";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger(LocalIssuer.class);

    private final Path dir;
    private final Clock clock;
    private final Predicate<String> acceptsHost;
    private final TlsProvider provider;
    private final PemCertificate ca;
    private final Map<String, Minted> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Minted> eldest) {
            return size() > MAX_CACHED;
        }
    };

    private LocalIssuer(Path dir, Clock clock, Predicate<String> acceptsHost, TlsProvider provider, PemCertificate ca) {
        this.dir = dir;
        this.clock = clock;
        this.acceptsHost = acceptsHost;
        this.provider = provider;
        this.ca = ca;
    }

    /** Loads the CA in {@code dir}, creating it first when {@code ca.crt} is not there. */
    static LocalIssuer openOrCreate(Path dir, Clock clock, Predicate<String> acceptsHost) throws IOException {
        return openOrCreate(dir, clock, acceptsHost, TlsProvider.chosen());
    }

    static LocalIssuer openOrCreate(Path dir, Clock clock, Predicate<String> acceptsHost, TlsProvider provider)
            throws IOException {
        if (dir == null) throw new IllegalArgumentException("dir: must not be null");
        if (clock == null) throw new IllegalArgumentException("clock: must not be null");
        if (acceptsHost == null) throw new IllegalArgumentException("acceptsHost: must not be null");
        if (provider == null) throw new IllegalArgumentException("provider: must not be null");
        if (!Files.isDirectory(dir)) createPrivateDirectory(dir);
        Path crt = dir.resolve(CA_CERT);
        Path key = dir.resolve(CA_KEY);
        if (!Files.exists(crt)) createCa(crt, key, clock.instant());
        if (!Files.exists(key))
            throw new IOException(key + ": missing beside " + crt + "; remove " + crt + " to create a new local CA");
        try {
            return new LocalIssuer(dir, clock, acceptsHost, provider, PemCertificate.read(crt));
        } catch (PemCertificate.Problem p) {
            throw new IOException("local CA in " + dir + ": " + p.getMessage());
        }
    }

    /** The file to give clients: {@code curl --cacert <this>}. */
    Path caCertificate() {
        return dir.resolve(CA_CERT);
    }

    /** Whether this issuer mints for a host name (normalized as {@link CertificateIndex#normalize}). */
    boolean accepts(String host) {
        return acceptsHost.test(host);
    }

    /** A context for one accepted host, minted on first use. */
    synchronized SslContext contextFor(String host) {
        if (!accepts(host)) throw new IllegalArgumentException("host: not accepted by the local issuer, was " + host);
        return minted(host, List.of(host));
    }

    /** A context for clients that send no SNI: localhost, 127.0.0.1 and ::1 as accepted; null when none is. */
    synchronized SslContext loopbackContext() {
        List<String> names = LOOPBACK.stream().filter(acceptsHost).toList();
        return names.isEmpty() ? null : minted(LOOPBACK_KEY, names);
    }

    private SslContext minted(String cacheKey, List<String> names) {
        Instant now = clock.instant();
        Minted m = cache.get(cacheKey);
        if (m == null || now.isAfter(m.notAfter().minus(RENEW_BEFORE))) {
            m = mint(names, now);
            cache.put(cacheKey, m);
            log.info("local certificate issued hosts={} notAfter={} ca={}", names, m.notAfter(), caCertificate());
        }
        return m.context();
    }

    private Minted mint(List<String> names, Instant now) {
        try {
            KeyPair keys = ecKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, names.get(0))
                    .build();
            Instant notAfter = now.plus(LEAF_VALIDITY);
            X509v3CertificateBuilder leaf = new JcaX509v3CertificateBuilder(
                    ca.leaf(),
                    serial(),
                    Date.from(now.minus(BACKDATE)),
                    Date.from(notAfter),
                    subject,
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
            return new Minted(provider.serverContext(keys.getPrivate(), List.of(cert)), notAfter);
        } catch (GeneralSecurityException | OperatorCreationException | IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "local issuer: cannot mint a certificate for " + names + ": " + e.getMessage(), e);
        }
    }

    private static GeneralNames subjectAltNames(List<String> names) {
        return new GeneralNames(names.stream()
                .map(n -> new GeneralName(IPAddress.isValid(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
                .toArray(GeneralName[]::new));
    }

    private static void createCa(Path crt, Path key, Instant now) throws IOException {
        try {
            KeyPair keys = ecKeyPair();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, "Gantry local CA")
                    .build();
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
            writeAtomically(key, pem(new JcaPKCS8Generator(keys.getPrivate(), null)), "rw-------");
            writeAtomically(crt, pem(cert), "rw-------");
            log.info(
                    "local CA created file={} notAfter={}",
                    crt,
                    cert.getNotAfter().toInstant());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("local CA: cannot create in " + crt.getParent() + ": " + e.getMessage(), e);
        }
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

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Write-temp-then-rename, with POSIX permissions set before the file gets its final name. */
    private static void writeAtomically(Path target, String text, String posixPermissions) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            if (posix()) Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(posixPermissions));
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (posix())
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        else Files.createDirectories(dir);
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private record Minted(SslContext context, Instant notAfter) {}
}
