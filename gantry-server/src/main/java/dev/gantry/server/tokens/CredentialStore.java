package dev.gantry.server.tokens;

import dev.gantry.api.Json;
import dev.gantry.api.TokenCreated;
import dev.gantry.api.TokenSummary;
import dev.gantry.server.web.ApiException;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named credentials in Redis: digest to credential (one lookup per request) and name to digest.
 * The bootstrap admin credential lives in the data directory's {@code token} file instead and is
 * listed beside them. Last use is written at most once a minute per credential and control plane.
 */
public final class CredentialStore {
    private static final String BY_DIGEST = "gantry:tokens:by-digest";
    private static final String BY_NAME = "gantry:tokens:by-name";
    private static final String LAST_USED = "gantry:tokens:last-used";
    private static final long TOUCH_EVERY_MILLIS = 60_000;
    private final RedisCommands<String, String> redis;
    private final Clock clock;
    private final Credential bootstrap;
    private final Map<String, Long> touched = new ConcurrentHashMap<>();

    /** @param bootstrap the admin credential of the token file; its name, {@value Credential#BOOTSTRAP}, is reserved */
    public CredentialStore(RedisCommands<String, String> redis, Clock clock, Credential bootstrap) {
        this.redis = redis;
        this.clock = clock;
        this.bootstrap = bootstrap;
    }

    /** Creates a credential; the answer carries its secret, the only time it is known. 409 when the name is taken. */
    public TokenCreated create(String name, Role role, Duration lifetime, String createdBy) {
        String secret = Secret.generate();
        long now = clock.millis();
        Credential c = new Credential(
                name, role, Secret.digestHex(secret), now, createdBy, lifetime == null ? 0 : now + lifetime.toMillis());
        if (name.equals(bootstrap.name()) || !redis.hsetnx(BY_NAME, name, c.digest())) {
            throw new ApiException(
                    409,
                    "credential " + name + " exists already; revoke it first or pick another name",
                    List.of("name: \"" + name + "\" is taken"));
        }
        redis.hset(BY_DIGEST, c.digest(), Json.write(c));
        return new TokenCreated(
                name,
                role.label(),
                secret,
                c.expiresAt() == 0 ? null : Instant.ofEpochMilli(c.expiresAt()).toString());
    }

    /** A fresh secret for {@code name}, replacing the credential of that name if there is one (the embedded agent). */
    public TokenCreated replace(String name, Role role, String createdBy) {
        if (byName(name).isPresent()) revoke(name);
        return create(name, role, null, createdBy);
    }

    /** The bootstrap admin credential for the secret in the token file, created at {@code createdAt}. */
    public static Credential bootstrap(String secret, long createdAt) {
        return new Credential(Credential.BOOTSTRAP, Role.ADMIN, Secret.digestHex(secret), createdAt, "gantry", 0);
    }

    /** The credential whose secret was presented, expired ones included; empty when none is. */
    public Optional<Credential> find(String presented) {
        if (presented == null) return Optional.empty();
        Credential c = null;
        if (Secret.matches(presented, bootstrap.digest())) {
            c = bootstrap;
        } else if (presented.startsWith(Secret.PREFIX)) {
            String json = redis.hget(BY_DIGEST, Secret.digestHex(presented));
            if (json != null) c = Json.read(json, Credential.class);
            if (c != null && !Secret.matches(presented, c.digest())) c = null;
        }
        if (c != null) touch(c.name());
        return Optional.ofNullable(c);
    }

    /** The credential whose secret has this digest; empty once it is revoked (even when its name is used again). */
    public Optional<Credential> byDigest(String digest) {
        if (digest.equals(bootstrap.digest())) return Optional.of(bootstrap);
        String json = redis.hget(BY_DIGEST, digest);
        return Optional.ofNullable(json == null ? null : Json.read(json, Credential.class));
    }

    public Optional<Credential> byName(String name) {
        if (name.equals(bootstrap.name())) return Optional.of(bootstrap);
        String digest = redis.hget(BY_NAME, name);
        String json = digest == null ? null : redis.hget(BY_DIGEST, digest);
        return Optional.ofNullable(json == null ? null : Json.read(json, Credential.class));
    }

    /** Revokes at once: the next request with it gets 401. 404 when there is none, 409 for the bootstrap admin. */
    public void revoke(String name) {
        if (name.equals(bootstrap.name())) {
            throw new ApiException(
                    409,
                    "the bootstrap admin credential lives in the data directory's file 'token': "
                            + "to replace it, delete that file and restart the control plane");
        }
        String digest = redis.hget(BY_NAME, name);
        if (digest == null) throw ApiException.notFound("credential " + name);
        redis.hdel(BY_DIGEST, digest);
        redis.hdel(BY_NAME, name);
        redis.hdel(LAST_USED, name);
        touched.remove(name);
    }

    /** Every credential by name, the bootstrap admin first; no secret, no digest. */
    public List<TokenSummary> list() {
        Map<String, String> used = redis.hgetall(LAST_USED);
        List<Credential> all = new ArrayList<>();
        for (String json : redis.hvals(BY_DIGEST)) all.add(Json.read(json, Credential.class));
        all.sort(Comparator.comparing(Credential::name));
        all.addFirst(bootstrap);
        return all.stream().map(c -> summary(c, used.get(c.name()))).toList();
    }

    private static TokenSummary summary(Credential c, String lastUsed) {
        return new TokenSummary(
                c.name(),
                c.role().label(),
                Instant.ofEpochMilli(c.createdAt()).toString(),
                c.createdBy(),
                c.expiresAt() == 0 ? null : Instant.ofEpochMilli(c.expiresAt()).toString(),
                lastUsed == null
                        ? null
                        : Instant.ofEpochMilli(Long.parseLong(lastUsed)).toString());
    }

    private void touch(String name) {
        long now = clock.millis();
        Long last = touched.get(name);
        if (last != null && now - last < TOUCH_EVERY_MILLIS) return;
        touched.put(name, now);
        redis.hset(LAST_USED, name, Long.toString(now));
    }
}
