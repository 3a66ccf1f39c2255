package dev.gantry.api.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 digest of an artifact, written {@code sha256:<64 hex digits>}, as releases record it. */
public final class Digest {
    private static final String PREFIX = "sha256:";

    private Digest() {}

    /** The digest of the file's bytes. */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha = newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) sha.update(buffer, 0, n);
        }
        return PREFIX + HexFormat.of().formatHex(sha.digest());
    }

    /** The digest of these bytes. */
    public static String sha256(byte[] bytes) {
        return PREFIX + HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    /** Refuses the file unless its digest is {@code expected}; {@code what} names it in the message. */
    public static void verify(Path file, String expected, String what) throws IOException {
        if (!isValid(expected))
            throw new ArchiveException(
                    what + ": expected digest must look like sha256:<64 hex digits>, was " + expected);
        String actual = sha256(file);
        if (!actual.equals(expected.toLowerCase(java.util.Locale.ROOT)))
            throw new ArchiveException(what + ": digest mismatch: expected " + expected + ", got " + actual);
    }

    /** Whether {@code digest} is written as this class writes them. */
    public static boolean isValid(String digest) {
        return digest != null
                && digest.length() == PREFIX.length() + 64
                && digest.startsWith(PREFIX)
                && digest.substring(PREFIX.length()).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
