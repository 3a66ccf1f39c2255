package dev.gantry.server.dashboard;

/**
 * A dashboard login as stored in Redis, under the SHA-256 of its cookie value (never the value itself).
 *
 * @param key        the SHA-256 of the cookie value, hex: the Redis key's suffix and what its open streams are filed under
 * @param credential the digest of the credential that logged in: revoking that credential ends the session
 * @param name       the credential's name
 * @param csrf       what every cookie write must carry in {@code X-Gantry-CSRF}
 * @param expiresAt  epoch millis
 */
public record Session(String key, String credential, String name, String csrf, long createdAt, long expiresAt) {
    public boolean expired(long nowMillis) {
        return nowMillis >= expiresAt;
    }
}
