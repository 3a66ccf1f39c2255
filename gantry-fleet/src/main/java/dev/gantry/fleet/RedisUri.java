package dev.gantry.fleet;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The URI the control plane reaches an environment's Redis with, as {@code gantry up} writes it to
 * {@code DATA/environments/ENV/redis.uri}: through Sentinel ({@code redis-sentinel://PASSWORD@a:26379,b:26379#gantry-ENV})
 * when the environment names sentinels, else straight to the primary ({@code redis://PASSWORD@a:6379}). The ports
 * are those the Ansible role {@code redis} serves on.
 */
public final class RedisUri {
    public static final int REDIS_PORT = 6379;
    public static final int SENTINEL_PORT = 26379;

    private RedisUri() {}

    /** The name the sentinels monitor the environment's primary under. */
    public static String master(String env) {
        return "gantry-" + env;
    }

    /** How many sentinels must agree that the primary is down: a majority of them. */
    public static int quorum(Environment.Redis redis) {
        return redis.sentinels().size() / 2 + 1;
    }

    /** The URI of {@code placed}'s Redis (hosts with their addresses) with {@code password}. */
    public static String of(Environment placed, String password) {
        Environment.Redis redis = placed.redis();
        if (redis.sentinels().isEmpty())
            return "redis://" + password + "@" + address(placed, redis.primary()) + ":" + REDIS_PORT;
        String sentinels = redis.sentinels().stream()
                .map(h -> address(placed, h) + ":" + SENTINEL_PORT)
                .collect(Collectors.joining(","));
        return "redis-sentinel://" + password + "@" + sentinels + "#" + master(placed.name());
    }

    /** Who does what, for the user: {@code primary node1, replicas node2 node3, sentinels on 3 hosts}. */
    public static String summary(Environment.Redis redis) {
        List<String> replicas = redis.replicas();
        return "primary " + redis.primary()
                + (replicas.isEmpty() ? ", no replicas" : ", replicas " + String.join(" ", replicas))
                + (redis.sentinels().isEmpty()
                        ? ", no sentinels"
                        : ", sentinels on " + redis.sentinels().size() + " hosts");
    }

    private static String address(Environment placed, String host) {
        return placed.host(host)
                .orElseThrow(() -> new IllegalArgumentException("redis: no host named " + host))
                .address();
    }
}
