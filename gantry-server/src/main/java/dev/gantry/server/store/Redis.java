package dev.gantry.server.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The connection to the store of record. One client, one shared thread-safe connection.
 *
 * <p>A {@code redis-sentinel://h1:26379,h2:26379#name} URI connects to the primary that Sentinel
 * names, and asks Sentinel again on every reconnect, so after a failover the connection (and a
 * pub/sub connection of {@link #client()}) comes back on the promoted replica. Commands issued while
 * no primary is reachable fail after {@link #COMMAND_TIMEOUT} with a Lettuce {@code RedisException}
 * (the API answers 503); a command that timed out is not sent later.
 */
public final class Redis implements AutoCloseable {
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    /**
     * A Redis or Sentinel on the private network answers a connect within this; one that does not (its host cut off)
     * must not hold up the lookup of the primary at the next sentinel.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Reconnect attempts back off up to this; a Sentinel failover takes seconds, so retry often. */
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    /** Connects to the server of a {@code redis://} URI, or to the primary Sentinel names. */
    public Redis(URI uri) {
        this(uri, false);
    }

    private Redis(URI uri, boolean replicaReads) {
        RedisURI redisUri = parse(uri);
        redisUri.setTimeout(COMMAND_TIMEOUT);
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, redisUri);
        SocketOptions.TcpUserTimeoutOptions userTimeout = io.lettuce.core.resource.EpollProvider.isAvailable()
                        || io.lettuce.core.resource.IOUringProvider.isAvailable()
                ? SocketOptions.TcpUserTimeoutOptions.builder()
                        .enable()
                        .tcpUserTimeout(Duration.ofSeconds(5))
                        .build()
                : SocketOptions.TcpUserTimeoutOptions.builder().disable().build(); // not on Linux: keepalive only
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder()
                        // a host whose link is cut answers nothing: no reset ends the connection. Keepalive
                        // finds an idle one dead; TCP_USER_TIMEOUT one with unacknowledged commands (TCP would
                        // retransmit for minutes); both then reconnect through Sentinel to the promoted replica.
                        .connectTimeout(CONNECT_TIMEOUT)
                        .keepAlive(SocketOptions.KeepAliveOptions.builder()
                                .enable()
                                .idle(Duration.ofSeconds(2))
                                .interval(Duration.ofSeconds(1))
                                .count(3)
                                .build())
                        .tcpUserTimeout(userTimeout)
                        .build())
                .build());
        try {
            this.connection = replicaReads && isSentinel(uri) ? replicaPreferred(client, redisUri) : client.connect();
        } catch (RuntimeException e) {
            shutdown();
            throw e;
        }
    }

    /**
     * A connection for reads that may lag: for a {@code redis-sentinel://} URI, the replicas Sentinel
     * knows (the primary while there are none; Lettuce follows Sentinel's topology changes); for a
     * {@code redis://} URI, that server (typically a replica).
     */
    public static Redis forReads(URI uri) {
        return new Redis(uri, true);
    }

    /**
     * {@code uri} as logs and messages may show it: the password replaced by {@code ***}
     * ({@code redis://user:***@host:6379/0}, {@code redis-sentinel://***@h1:26379,h2:26379#mymaster}).
     */
    public static String masked(URI uri) {
        return masked(uri.toString());
    }

    /** As {@link #masked(URI)}, for a string that may not even parse as a URI. */
    public static String masked(String s) {
        int scheme = s.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = s.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = s.indexOf(c, start);
            if (i >= 0 && i < end) end = i;
        }
        // the user info ends at the authority's last '@' (an unencoded '@' in a password comes before it); an '@' after
        // the authority (a Sentinel master name in the fragment) is not one
        int at = s.lastIndexOf('@', end - 1);
        if (at < start) return s;
        String userInfo = s.substring(start, at);
        int colon = userInfo.indexOf(':');
        String hidden = colon >= 0 ? userInfo.substring(0, colon) + ":***" : "***";
        return s.substring(0, start) + hidden + s.substring(at);
    }

    public static boolean isSentinel(URI uri) {
        return RedisURI.URI_SCHEME_REDIS_SENTINEL.equals(uri.getScheme())
                || RedisURI.URI_SCHEME_REDIS_SENTINEL_SECURE.equals(uri.getScheme());
    }

    public RedisCommands<String, String> sync() {
        return connection.sync();
    }

    public RedisClient client() {
        return client;
    }

    public StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    @Override
    public void close() {
        connection.close();
        shutdown();
    }

    private void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    }

    /** Lettuce reads the URI (credentials, TLS, Sentinel); its complaint about a bad one would quote the password. */
    private static RedisURI parse(URI uri) {
        try {
            return RedisURI.create(uri.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("redis: not a Redis URI Lettuce can use: " + masked(uri), null);
        }
    }

    private static StatefulRedisMasterReplicaConnection<String, String> replicaPreferred(
            RedisClient client, RedisURI uri) {
        StatefulRedisMasterReplicaConnection<String, String> c = MasterReplica.connect(client, StringCodec.UTF8, uri);
        c.setReadFrom(ReadFrom.REPLICA_PREFERRED);
        return c;
    }
}
