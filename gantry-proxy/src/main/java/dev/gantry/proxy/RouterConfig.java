package dev.gantry.proxy;

import java.time.Duration;

/**
 * Settings of one router, validated on construction; built by {@link Router.Builder}.
 *
 * @param headerTimeout  time a client has to send a request's header once it started one (408)
 * @param idleTimeout    how long a keep-alive connection may wait for its next request
 * @param bodyTimeout    longest pause while a request body streams in (408)
 * @param sendTimeout    longest a client may leave a response unread before the connection closes
 * @param drainTimeout   how long a WebSocket to a backend that left the table (or went to weight 0)
 *                       may stay open before the router closes it
 * @param webSocketIdleTimeout how long an open WebSocket may carry no byte in either direction
 *                       before the router closes it; the client timeouts above never apply to
 *                       one (default 1 hour, HAProxy's usual {@code timeout tunnel}: long enough for
 *                       apps that ping every minute or less, short enough to reap dead peers)
 * @param tls            certificates for the TLS listener; null for none
 * @param tlsPort        port of the TLS listener (0: ephemeral); ignored without {@code tls}
 * @param name           the router's name in its reports to the control plane, unique among routers
 *                       (1 to 253 letters, digits, '.', '_' or '-')
 */
record RouterConfig(
        String bindAddress,
        int port,
        int ioThreads,
        int maxHeaderBytes,
        long maxBodyBytes,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration healthInterval,
        Balancer balancer,
        TrustedProxies trustedProxies,
        Duration headerTimeout,
        Duration idleTimeout,
        Duration bodyTimeout,
        Duration sendTimeout,
        int maxConnections,
        int maxConnectionsPerClient,
        Duration drainTimeout,
        Duration webSocketIdleTimeout,
        TlsOptions tls,
        int tlsPort,
        String name) {

    RouterConfig {
        if (bindAddress == null || bindAddress.isBlank())
            throw new IllegalArgumentException("bindAddress: must not be blank");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port: must be 0..65535, was " + port);
        if (ioThreads < 1) throw new IllegalArgumentException("ioThreads: must be at least 1, was " + ioThreads);
        if (maxHeaderBytes < 1024)
            throw new IllegalArgumentException("maxHeaderBytes: must be at least 1024, was " + maxHeaderBytes);
        if (maxBodyBytes < 0)
            throw new IllegalArgumentException("maxBodyBytes: must not be negative, was " + maxBodyBytes);
        positive("connectTimeout", connectTimeout);
        positive("responseTimeout", responseTimeout);
        positive("healthInterval", healthInterval);
        if (balancer == null) throw new IllegalArgumentException("balancer: must not be null");
        if (trustedProxies == null) throw new IllegalArgumentException("trustedProxies: must not be null");
        positive("headerTimeout", headerTimeout);
        positive("idleTimeout", idleTimeout);
        positive("bodyTimeout", bodyTimeout);
        positive("sendTimeout", sendTimeout);
        if (maxConnections < 1)
            throw new IllegalArgumentException("maxConnections: must be at least 1, was " + maxConnections);
        if (maxConnectionsPerClient < 1) {
            throw new IllegalArgumentException(
                    "maxConnectionsPerClient: must be at least 1, was " + maxConnectionsPerClient);
        }
        positive("drainTimeout", drainTimeout);
        positive("webSocketIdleTimeout", webSocketIdleTimeout);
        if (tls != null && (tlsPort < 0 || tlsPort > 65535))
            throw new IllegalArgumentException("tlsPort: must be 0..65535, was " + tlsPort);
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,252}"))
            throw new IllegalArgumentException(
                    "name: must be 1 to 253 letters, digits, '.', '_' or '-', starting with a letter or digit, was "
                            + name);
    }

    private static void positive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero())
            throw new IllegalArgumentException(field + ": must be positive, was " + d);
    }
}
