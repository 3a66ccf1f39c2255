package dev.gantry.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bearer the control plane sends to an agent's own endpoint (logs): an HMAC keyed with the
 * SHA-256 digest of the agent's credential. The agent derives it from its secret, the control plane
 * from the digest it stores, so neither the secret nor an extra key has to travel.
 */
public final class AgentEndpointKey {
    private static final byte[] PURPOSE = "gantry agent endpoint v1".getBytes(StandardCharsets.UTF_8);

    private AgentEndpointKey() {}

    /** The key for the agent whose credential is {@code secret}. */
    public static String forSecret(String secret) {
        try {
            return forDigest(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The key for the agent whose credential has the SHA-256 digest {@code digest}. */
    public static String forDigest(byte[] digest) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(digest, "HmacSHA256"));
            return "gak_" + HexFormat.of().formatHex(mac.doFinal(PURPOSE));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
