package dev.gantry.proxy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A certificate chain (leaf first) and its private key, read from {@code <name>.crt} or
 * {@code <name>.pem} and {@code <name>.key} beside it (or a key block in the certificate file
 * itself). Reading checks what a TLS provider would trip over later and names the file at fault.
 */
record PemCertificate(
        String name, Path file, List<X509Certificate> chain, PrivateKey key, List<String> hosts, String digest) {
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    /** Reads and checks one certificate file and its key; dates are checked by {@link #validityProblem}. */
    static PemCertificate read(Path file) throws Problem {
        String name = baseName(file);
        byte[] certBytes = bytes(file);
        List<Object> certBlocks = blocks(file, certBytes);
        List<X509Certificate> chain = certificates(file, certBlocks);
        Path keyFile = file.resolveSibling(name + ".key");
        byte[] keyBytes = new byte[0];
        PrivateKey key;
        if (Files.exists(keyFile)) {
            keyBytes = bytes(keyFile);
            key = privateKey(keyFile, blocks(keyFile, keyBytes));
        } else if (certBlocks.stream().anyMatch(PemCertificate::isKey)) {
            keyFile = file;
            key = privateKey(file, certBlocks);
        } else {
            throw new Problem(keyFile, "missing: no key for " + file.getFileName());
        }
        checkMatch(file, keyFile, chain.get(0), key);
        return new PemCertificate(
                name, file, List.copyOf(chain), key, hosts(file, chain.get(0)), digest(certBytes, keyBytes));
    }

    static String baseName(Path file) {
        String f = file.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot < 0 ? f : f.substring(0, dot);
    }

    X509Certificate leaf() {
        return chain.get(0);
    }

    Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** Why the leaf cannot be served at this instant, or null when it can. */
    String validityProblem(Instant now) {
        if (now.isBefore(notBefore())) return "not yet valid: valid from " + notBefore();
        if (now.isAfter(notAfter())) return "expired on " + notAfter();
        return null;
    }

    @Override
    public String toString() {
        return "PemCertificate[" + file + " hosts=" + hosts + "]";
    }

    private static byte[] bytes(Path file) throws Problem {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Problem(file, "missing");
        } catch (AccessDeniedException e) {
            throw new Problem(file, "unreadable: permission denied");
        } catch (IOException e) {
            throw new Problem(file, "unreadable: " + e.getMessage());
        }
    }

    private static List<Object> blocks(Path file, byte[] bytes) throws Problem {
        List<Object> blocks = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(new String(bytes, StandardCharsets.US_ASCII)))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) blocks.add(block);
        } catch (IOException | RuntimeException e) { // BouncyCastle throws DecoderException on bad base64
            throw new Problem(file, "not PEM: " + e.getMessage());
        }
        return blocks;
    }

    private static List<X509Certificate> certificates(Path file, List<Object> blocks) throws Problem {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object block : blocks) {
            if (!(block instanceof X509CertificateHolder holder)) continue;
            try {
                chain.add(converter.getCertificate(holder));
            } catch (CertificateException e) {
                throw new Problem(file, "not a valid certificate: " + e.getMessage());
            }
        }
        if (chain.isEmpty()) throw new Problem(file, "not PEM: no CERTIFICATE block");
        return chain;
    }

    private static boolean isKey(Object block) {
        return block instanceof PEMKeyPair
                || block instanceof PrivateKeyInfo
                || block instanceof PEMEncryptedKeyPair
                || block instanceof PKCS8EncryptedPrivateKeyInfo;
    }

    private static PrivateKey privateKey(Path file, List<Object> blocks) throws Problem {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            for (Object block : blocks) {
                if (block instanceof PEMEncryptedKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new Problem(file, "encrypted keys are not supported");
                }
                if (block instanceof PEMKeyPair pair)
                    return converter.getPrivateKey(pair.getPrivateKeyInfo()); // SEC1 may omit the public key
                if (block instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw new Problem(file, "not a valid private key: " + e.getMessage());
        }
        throw new Problem(file, "not PEM: no PRIVATE KEY block");
    }

    /** Signs a probe with the key and verifies it with the leaf's public key: works for RSA, EC and EdDSA. */
    private static void checkMatch(Path file, Path keyFile, X509Certificate leaf, PrivateKey key) throws Problem {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new Problem(keyFile, "unsupported key algorithm " + key.getAlgorithm());
        };
        byte[] probe = keyFile.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signer.sign())) return;
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: a mismatch like any other
        }
        throw new Problem(keyFile, "key does not match certificate " + file.getFileName());
    }

    /** dNSName SANs (the CN when there are none) and iPAddress SANs, normalized. */
    private static List<String> hosts(Path file, X509Certificate leaf) throws Problem {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (List<?> san : subjectAltNames(file, leaf)) {
            int type = (Integer) san.get(0);
            if (type == DNS_NAME) dns.add(CertificateIndex.normalize((String) san.get(1)));
            if (type == IP_ADDRESS) ips.add(CertificateIndex.normalize((String) san.get(1)));
        }
        if (dns.isEmpty()) {
            for (RDN cn : X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded())
                    .getRDNs(BCStyle.CN)) {
                dns.add(CertificateIndex.normalize(
                        IETFUtils.valueToString(cn.getFirst().getValue())));
            }
        }
        dns.addAll(ips);
        return List.copyOf(dns);
    }

    private static Collection<List<?>> subjectAltNames(Path file, X509Certificate leaf) throws Problem {
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            return sans == null ? List.of() : sans;
        } catch (CertificateParsingException e) {
            throw new Problem(file, "unreadable subjectAltName: " + e.getMessage());
        }
    }

    private static String digest(byte[] cert, byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(cert);
            sha.update((byte) 0);
            sha.update(key);
            return HexFormat.of().formatHex(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** What is wrong with one file, in words an operator can act on. */
    static final class Problem extends Exception {
        final String file;
        final String reason;

        Problem(Path file, String reason) {
            super(file.getFileName() + ": " + reason, null, false, false);
            this.file = file.getFileName().toString();
            this.reason = reason;
        }
    }
}
