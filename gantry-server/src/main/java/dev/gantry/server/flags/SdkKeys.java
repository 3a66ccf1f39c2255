package dev.gantry.server.flags;

import dev.gantry.flags.FlagJson;
import dev.gantry.server.web.ApiException;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SDK keys: read-only credentials bound to one environment. Created keys are shown once; Redis
 * holds only their hashes. Lookups are cached briefly so a reconnect storm does not hit Redis
 * once per stream.
 */
final class SdkKeys {
    static final String PREFIX = "gsdk_";
    private static final String BY_NAME = "gantry:flags:sdk-keys";
    private static final String BY_HASH = "gantry:flags:sdk-key-hashes";
    static final String INSTANCES = "gantry-instances";
    private static final String INSTANCE_KEY = "gantry:flags:instance-sdk-key";
    private static final long CACHE_MILLIS = 5_000;
    /** Lookups remembered at most: anyone can present made-up keys, each one a new entry. */
    static final int CACHE_ENTRIES = 10_000;

    private final RedisCommands<String, String> redis;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    SdkKeys(RedisCommands<String, String> redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /**
     * The key every deployed instance gets (GANTRY_SDK_KEY), named {@value #INSTANCES}. Unlike other
     * keys its plain value is kept in Redis, so that every control plane hands out the same one.
     */
    String instanceKey(String env) {
        String existing = redis.get(INSTANCE_KEY);
        if (existing != null) return existing;
        String key = newKey();
        if (!redis.setnx(INSTANCE_KEY, key)) return redis.get(INSTANCE_KEY);
        SdkKey record = new SdkKey(
                INSTANCES, env, hash(key), key.substring(0, 10), clock.instant().toString(), "gantry");
        redis.hset(BY_NAME, INSTANCES, FlagJson.write(record));
        redis.hset(BY_HASH, record.hash(), INSTANCES);
        return key;
    }

    private String newKey() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return PREFIX + HexFormat.of().formatHex(bytes);
    }

    /** Creates a key; returns the plain key (the only time it is known). */
    String create(String name, String env, String actor) {
        String key = newKey();
        SdkKey record = new SdkKey(
                name, env, hash(key), key.substring(0, 10), clock.instant().toString(), actor);
        if (!redis.hsetnx(BY_NAME, name, FlagJson.write(record))) {
            throw new ApiException(
                    409,
                    "sdk key " + name + " exists already; delete it first or pick another name",
                    List.of("name: \"" + name + "\" is taken"));
        }
        redis.hset(BY_HASH, record.hash(), name);
        return key;
    }

    List<SdkKey> list() {
        return redis.hvals(BY_NAME).stream()
                .map(s -> FlagJson.read(s, SdkKey.class))
                .sorted(Comparator.comparing(SdkKey::name))
                .toList();
    }

    void delete(String name) {
        String json = redis.hget(BY_NAME, name);
        if (json == null) throw ApiException.notFound("sdk key " + name);
        SdkKey record = FlagJson.read(json, SdkKey.class);
        redis.hdel(BY_HASH, record.hash());
        redis.hdel(BY_NAME, name);
        if (INSTANCES.equals(name)) redis.del(INSTANCE_KEY);
        cache.clear();
    }

    /** The key's record, or null when {@code presented} is not a live SDK key. */
    SdkKey find(String presented) {
        if (presented == null || !presented.startsWith(PREFIX)) return null;
        String hash = hash(presented);
        Cached c = cache.get(hash);
        long now = clock.millis();
        if (c != null && now - c.at() < CACHE_MILLIS) return c.key();
        String name = redis.hget(BY_HASH, hash);
        String json = name == null ? null : redis.hget(BY_NAME, name);
        SdkKey key = json == null ? null : FlagJson.read(json, SdkKey.class);
        if (key != null && !key.hash().equals(hash)) key = null;
        remember(hash, new Cached(key, now));
        return key;
    }

    /** Caches a lookup, first forgetting stale ones when the cache is full (of made-up keys, most likely). */
    private void remember(String hash, Cached lookup) {
        if (cache.size() >= CACHE_ENTRIES) {
            cache.values().removeIf(c -> lookup.at() - c.at() >= CACHE_MILLIS);
            if (cache.size() >= CACHE_ENTRIES) cache.values().removeIf(c -> c.key() == null);
            if (cache.size() >= CACHE_ENTRIES) cache.clear();
        }
        cache.put(hash, lookup);
    }

    int cached() {
        return cache.size();
    }

    static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private record Cached(SdkKey key, long at) {}
}
