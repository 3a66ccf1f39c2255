package dev.gantry.server.dashboard;

import dev.gantry.api.Json;
import dev.gantry.server.store.Redis;
import dev.gantry.server.tokens.Credential;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Dashboard sessions in Redis, shared by every control plane on it: {@code gantry:session:<sha256 of the cookie>}
 * holds the {@link Session} as JSON and expires with it. The cookie value is 32 random bytes (base64url) and is
 * never stored, logged or compared except through its digest; the CSRF token is 32 random bytes of its own.
 */
final class SessionStore {
    private static final String PREFIX = "gantry:session:";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Redis redis;
    private final Clock clock;
    private final Duration ttl;

    SessionStore(Redis redis, Clock clock, Duration ttl) {
        this.redis = redis;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** A new session for {@code c}, ending after the TTL or when the credential expires, whichever is first. */
    Login create(Credential c) {
        String cookie = random();
        long now = clock.millis();
        long end = now + ttl.toMillis();
        if (c.expiresAt() > 0) end = Math.min(end, c.expiresAt());
        Session s = new Session(digest(cookie), c.digest(), c.name(), random(), now, end);
        redis.sync().set(PREFIX + s.key(), Json.write(s), SetArgs.Builder.px(Math.max(1, end - now)));
        return new Login(cookie, s);
    }

    /** The live session of this cookie value; empty when there is none or it has expired. */
    Optional<Session> find(String cookie) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > 100) return Optional.empty();
        return byKey(digest(cookie));
    }

    Optional<Session> byKey(String key) {
        String json = redis.sync().get(PREFIX + key);
        if (json == null) return Optional.empty();
        Session s = Json.read(json, Session.class);
        return s.expired(clock.millis()) ? Optional.empty() : Optional.of(s);
    }

    void delete(String key) {
        redis.sync().del(PREFIX + key);
    }

    /** How long a session lasts. */
    Duration ttl() {
        return ttl;
    }

    /** What a login hands the browser: the cookie value (here only) and the session. */
    record Login(String cookie, Session session) {}

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String digest(String value) {
        return digest(value.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256, hex. */
    static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
