package dev.gantry.server.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A credential's secret: {@code gty_} and 256 random bits in hex. Only its SHA-256 digest is
 * stored; a presented secret is recognised by its digest, compared in constant time.
 */
final class Secret {
    static final String PREFIX = "gty_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secret() {}

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + HexFormat.of().formatHex(bytes);
    }

    static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String digestHex(String secret) {
        return HexFormat.of().formatHex(digest(secret));
    }

    /** Whether {@code presented} has the digest {@code storedHex}, in time independent of where they differ. */
    static boolean matches(String presented, String storedHex) {
        return MessageDigest.isEqual(digest(presented), HexFormat.of().parseHex(storedHex));
    }
}
