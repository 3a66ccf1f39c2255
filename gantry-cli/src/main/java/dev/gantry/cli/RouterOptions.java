package dev.gantry.cli;

import dev.gantry.proxy.Router;
import dev.gantry.proxy.TlsOptions;
import dev.gantry.proxy.TrustedProxies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The router's edge settings, shared by {@code router}, {@code server} and {@code demo}: TLS,
 * trusted proxies, client timeouts and connection limits. Every option can also come from the
 * environment variable named in its description.
 */
final class RouterOptions {
    @Option(
            names = "--tls-port",
            paramLabel = "PORT",
            defaultValue = "${env:GANTRY_TLS_PORT:-8443}",
            description =
                    "HTTPS port of the router, HTTP/2 and HTTP/1.1 (env GANTRY_TLS_PORT, default ${DEFAULT-VALUE}); 0 = ephemeral")
    int tlsPort;

    @Option(
            names = "--no-tls",
            defaultValue = "${env:GANTRY_NO_TLS:-false}",
            description = "no HTTPS listener (env GANTRY_NO_TLS)")
    boolean noTls;

    @Option(
            names = "--cert-dir",
            paramLabel = "DIR",
            defaultValue = "${env:GANTRY_CERT_DIR}",
            description =
                    "PEM certificates, NAME.crt + NAME.key, chosen by SNI and reloaded on change; default.crt is the default "
                            + "(env GANTRY_CERT_DIR, default DATA/tls/certs)")
    Path certDir;

    @Option(
            names = "--no-local-ca",
            defaultValue = "${env:GANTRY_NO_LOCAL_CA:-false}",
            description =
                    "do not issue certificates for localhost names from the local CA in DATA/tls/ca (env GANTRY_NO_LOCAL_CA)")
    boolean noLocalCa;

    @Option(
            names = "--trusted-proxy",
            paramLabel = "CIDR",
            split = ",",
            defaultValue = "${env:GANTRY_TRUSTED_PROXIES}",
            description =
                    "CIDR whose X-Forwarded-*/Forwarded headers are kept, repeatable or comma-separated (env GANTRY_TRUSTED_PROXIES; default none)")
    List<String> trustedProxies;

    @Option(
            names = "--header-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:GANTRY_HEADER_TIMEOUT:-10s}",
            converter = DurationConverter.class,
            description =
                    "time to send a request's header, then 408 (env GANTRY_HEADER_TIMEOUT, default ${DEFAULT-VALUE})")
    Duration headerTimeout;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:GANTRY_IDLE_TIMEOUT:-60s}",
            converter = DurationConverter.class,
            description =
                    "keep-alive connection idle between requests (env GANTRY_IDLE_TIMEOUT, default ${DEFAULT-VALUE})")
    Duration idleTimeout;

    @Option(
            names = "--body-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:GANTRY_BODY_TIMEOUT:-30s}",
            converter = DurationConverter.class,
            description =
                    "longest pause in a request body, then 408 (env GANTRY_BODY_TIMEOUT, default ${DEFAULT-VALUE})")
    Duration bodyTimeout;

    @Option(
            names = "--send-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:GANTRY_SEND_TIMEOUT:-60s}",
            converter = DurationConverter.class,
            description =
                    "longest a client may leave a response unread (env GANTRY_SEND_TIMEOUT, default ${DEFAULT-VALUE})")
    Duration sendTimeout;

    @Option(
            names = "--max-connections",
            paramLabel = "N",
            defaultValue = "${env:GANTRY_MAX_CONNECTIONS:-10000}",
            description =
                    "open client connections per router, then 503 (env GANTRY_MAX_CONNECTIONS, default ${DEFAULT-VALUE})")
    int maxConnections;

    @Option(
            names = "--max-connections-per-client",
            paramLabel = "N",
            defaultValue = "${env:GANTRY_MAX_CONNECTIONS_PER_CLIENT:-256}",
            description =
                    "open connections per client address, then 503 (env GANTRY_MAX_CONNECTIONS_PER_CLIENT, default ${DEFAULT-VALUE})")
    int maxConnectionsPerClient;

    @Option(
            names = "--drain-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:GANTRY_DRAIN_TIMEOUT:-30s}",
            converter = DurationConverter.class,
            description =
                    "how long WebSockets to a removed instance may stay open (env GANTRY_DRAIN_TIMEOUT, default ${DEFAULT-VALUE})")
    Duration drainTimeout;

    /** A router builder with these settings; {@code dataDir} holds the certificates and the local CA. */
    Router.Builder builder(Path dataDir, String bindAddress, int port) {
        Router.Builder b = Router.builder()
                .bindAddress(bindAddress)
                .port(port)
                .trustedProxies(TrustedProxies.of(trustedProxies == null ? List.of() : trustedProxies))
                .headerTimeout(headerTimeout)
                .idleTimeout(idleTimeout)
                .bodyTimeout(bodyTimeout)
                .sendTimeout(sendTimeout)
                .maxConnections(maxConnections)
                .maxConnectionsPerClient(maxConnectionsPerClient)
                .drainTimeout(drainTimeout);
        if (!noTls) b.tls(tls(dataDir), tlsPort);
        return b;
    }

    /** The CA certificate to trust for localhost names, or null when the local CA is off. */
    Path localCaCertificate(Path dataDir) {
        return noTls ? null : tls(dataDir).localCaCertificate();
    }

    private TlsOptions tls(Path dataDir) {
        TlsOptions t = TlsOptions.certificates(
                certDir != null ? certDir : dataDir.resolve("tls").resolve("certs"));
        return noLocalCa ? t : t.withLocalCa(dataDir.resolve("tls").resolve("ca"), TlsOptions.loopbackHosts());
    }
}
