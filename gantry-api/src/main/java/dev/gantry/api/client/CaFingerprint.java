package dev.gantry.api.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 of a certificate's DER encoding, written {@code sha256:<64 hex digits>}: what a client
 * pins to trust a control plane with a private CA ({@code --ca-fingerprint}). It is the fingerprint
 * {@code openssl x509 -noout -fingerprint -sha256} prints, whose colon-separated upper-case form
 * {@link #parse} also reads.
 */
public record CaFingerprint(String hex) {
    private static final String PREFIX = "sha256:";

    public CaFingerprint {
        if (hex == null || !hex.matches("[0-9a-f]{64}"))
            throw new IllegalArgumentException("caFingerprint: must be 64 lower-case hex digits, was " + hex);
    }

    /** Reads {@code sha256:<hex>}; upper case and colons between the bytes are accepted. */
    public static CaFingerprint parse(String text) {
        String t = text == null ? "" : text.strip();
        if (!t.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) throw malformed(text);
        String hex = t.substring(PREFIX.length()).replace(":", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) throw malformed(text);
        return new CaFingerprint(hex);
    }

    /** The fingerprint of {@code certificate}. */
    public static CaFingerprint of(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return new CaFingerprint(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint " + certificate.getSubjectX500Principal(), e);
        }
    }

    public boolean matches(X509Certificate certificate) {
        return equals(of(certificate));
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }

    private static IllegalArgumentException malformed(String text) {
        return new IllegalArgumentException(
                "caFingerprint: must be sha256: followed by 64 hex digits (as `gantry server` prints it), was " + text);
    }
}
