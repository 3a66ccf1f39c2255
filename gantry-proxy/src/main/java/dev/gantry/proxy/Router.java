package dev.gantry.proxy;

import dev.gantry.api.RouteTable;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gantry's router: a reverse proxy that sends each request to a backend of the route matching its
 * Host header and longest path prefix; HTTP/1.1 on its port, and with TLS options HTTPS with
 * HTTP/2 or HTTP/1.1 on its TLS port. See the module README for its behaviour.
 */
public final class Router implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Router.class);
    private static final int MAX_INITIAL_LINE_BYTES = 8 * 1024;
    private static final int MAX_CHUNK_BYTES = 64 * 1024;

    private final RouterConfig config;
    private final Transport transport = Transport.best();
    private final LiveTable table;
    private final LoadBalancer balancer;
    private final HealthChecker health;
    private final OwnPaths ownPaths;
    private final FrontendStats frontendStats = new FrontendStats();
    private final ConnectionLimits limits;
    private final ProxyContext proxy;
    private EventLoopGroup group;
    private Channel server;
    private Channel tlsServer;
    private CertificateStore certificates;
    private boolean closed;

    private Router(RouterConfig config, MetricsGate metricsGate) {
        this.config = config;
        this.table = new LiveTable(
                new BackendConnector(transport, (int) config.connectTimeout().toMillis()), config.drainTimeout());
        this.balancer = new LoadBalancer(config.balancer());
        this.health = new HealthChecker(table::upstreams, config.healthInterval(), config.connectTimeout());
        this.ownPaths = new OwnPaths(this::stats, metricsGate, config.trustedProxies());
        this.limits = new ConnectionLimits(
                config.maxConnections(), config.maxConnectionsPerClient(), config.trustedProxies(), frontendStats);
        this.proxy = new ProxyContext(config, table, balancer, ownPaths, limits, frontendStats, this::tlsPortOrNone);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port (and the TLS port) and starts health checks. Throws IOException when the
     * certificate directory cannot be read or created.
     */
    public synchronized Router start() throws InterruptedException, IOException {
        if (group != null) throw new IllegalStateException("router already started");
        group = new MultiThreadIoEventLoopGroup(config.ioThreads(), transport.ioHandlerFactory());
        try {
            if (config.tls() != null) {
                certificates = config.tls().openStore(Clock.systemUTC());
                tlsServer = bind(ClientPipelines.tls(proxy, decoderConfig(), certificates), config.tlsPort());
            }
            server = bind(ClientPipelines.plain(proxy, decoderConfig()), config.port());
        } catch (IOException | RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        health.start();
        log.info(
                "router listening name={} address={} port={} tlsPort={} transport={} ioThreads={} balancer={}",
                config.name(),
                config.bindAddress(),
                port(),
                tlsPortOrNone(),
                transport.name(),
                config.ioThreads(),
                config.balancer());
        if (certificates != null && !certificates.hasAny()) {
            log.warn(
                    "TLS listener has no certificate yet dir={}: handshakes fail until one is added",
                    config.tls().certificateDirectory());
        }
        return this;
    }

    private Channel bind(ChannelInitializer<Channel> initializer, int port) throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer)
                .bind(config.bindAddress(), port)
                .sync()
                .channel();
    }

    /** Replaces the route table atomically; open client connections are kept. */
    public void update(RouteTable routeTable) {
        if (routeTable == null) throw new IllegalArgumentException("routeTable: must not be null");
        List<Upstream> added = table.update(routeTable);
        health.probeSoon(added);
        log.info(
                "route table applied version={} routes={}",
                routeTable.version(),
                routeTable.routes().size());
    }

    public RouteTable table() {
        return table.index().table;
    }

    /** Its name among routers, in its reports to the control plane. */
    public String name() {
        return config.name();
    }

    LiveTable liveTable() {
        return table;
    }

    /** This host's name (looked up once), or "router" when it has none usable as a router name. */
    private static final class DefaultName {
        static final String VALUE = lookUp();

        private static String lookUp() {
            try {
                String host = java.net.InetAddress.getLocalHost().getHostName();
                return host != null && host.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,252}") ? host : "router";
            } catch (java.net.UnknownHostException e) {
                return "router";
            }
        }
    }

    /** The bound port (the ephemeral one when built with port 0). */
    public int port() {
        if (server == null) throw new IllegalStateException("router not started");
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The bound TLS port (the ephemeral one when built with port 0). */
    public int tlsPort() {
        if (tlsServer == null) throw new IllegalStateException("router has no TLS listener");
        return ((InetSocketAddress) tlsServer.localAddress()).getPort();
    }

    private int tlsPortOrNone() {
        return tlsServer == null ? -1 : ((InetSocketAddress) tlsServer.localAddress()).getPort();
    }

    public RouterStats stats() {
        FrontendStats f = frontendStats;
        return new RouterStats(
                table.upstreams().stream().map(Upstream::stats).toList(),
                new RouterStats.Connections(
                        limits.open(),
                        f.rejectedRouterFull.sum(),
                        f.rejectedClientFull.sum(),
                        f.badRequests.sum(),
                        f.headerTimeouts.sum(),
                        f.bodyTimeouts.sum(),
                        f.sendTimeouts.sum(),
                        f.idleCloses.sum(),
                        f.tlsHandshakeFailures.sum(),
                        f.noRoute.sum(),
                        f.noBackend.sum()),
                table.splits().stream()
                        .map(s -> new RouterStats.Canary(
                                s.app, s.split.release(), s.split.weight(), s.weight(), s.tripped()))
                        .toList());
    }

    @Override
    /** Stops listening, closes every connection and tunnel; a second call does nothing. */
    public synchronized void close() {
        if (closed) return;
        closed = true;
        health.close();
        if (server != null) server.close().syncUninterruptibly();
        if (tlsServer != null) tlsServer.close().syncUninterruptibly();
        if (certificates != null) certificates.close();
        if (group != null) group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private HttpDecoderConfig decoderConfig() {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE_BYTES)
                .setMaxHeaderSize(config.maxHeaderBytes())
                .setMaxChunkSize(MAX_CHUNK_BYTES);
    }

    /** Builds a {@link Router}; every setter validates when {@link #build()} runs. */
    public static final class Builder {
        private String bindAddress = "0.0.0.0";
        private int port = 8080;
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private int maxHeaderBytes = 16 * 1024;
        private long maxBodyBytes = 10L * 1024 * 1024;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private Duration healthInterval = Duration.ofSeconds(1);
        private Balancer balancer = Balancer.LEAST_OUTSTANDING;
        private TrustedProxies trustedProxies = TrustedProxies.NONE;
        private Duration headerTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration bodyTimeout = Duration.ofSeconds(30);
        private Duration sendTimeout = Duration.ofSeconds(60);
        private int maxConnections = 10_000;
        private int maxConnectionsPerClient = 256;
        private Duration drainTimeout = Duration.ofSeconds(30);
        private Duration webSocketIdleTimeout = Duration.ofHours(1);
        private TlsOptions tls;
        private int tlsPort = 8443;
        private String name;
        private MetricsGate metricsGate = MetricsGate.LOOPBACK_ONLY;

        private Builder() {}

        /** Who reads {@code /_gantry/metrics} besides clients on loopback; default: nobody else. */
        public Builder metricsGate(MetricsGate v) {
            if (v == null) throw new IllegalArgumentException("metricsGate: must not be null");
            metricsGate = v;
            return this;
        }

        /** The router's name in its reports to the control plane; default: the host name. */
        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder bindAddress(String v) {
            bindAddress = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder ioThreads(int v) {
            ioThreads = v;
            return this;
        }

        public Builder maxHeaderBytes(int v) {
            maxHeaderBytes = v;
            return this;
        }

        public Builder maxBodyBytes(long v) {
            maxBodyBytes = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        public Builder responseTimeout(Duration v) {
            responseTimeout = v;
            return this;
        }

        public Builder healthInterval(Duration v) {
            healthInterval = v;
            return this;
        }

        public Builder balancer(Balancer v) {
            balancer = v;
            return this;
        }

        public Builder trustedProxies(TrustedProxies v) {
            trustedProxies = v;
            return this;
        }

        public Builder headerTimeout(Duration v) {
            headerTimeout = v;
            return this;
        }

        public Builder idleTimeout(Duration v) {
            idleTimeout = v;
            return this;
        }

        public Builder bodyTimeout(Duration v) {
            bodyTimeout = v;
            return this;
        }

        public Builder sendTimeout(Duration v) {
            sendTimeout = v;
            return this;
        }

        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        public Builder maxConnectionsPerClient(int v) {
            maxConnectionsPerClient = v;
            return this;
        }

        public Builder drainTimeout(Duration v) {
            drainTimeout = v;
            return this;
        }

        public Builder webSocketIdleTimeout(Duration v) {
            webSocketIdleTimeout = v;
            return this;
        }
        /** A TLS listener on {@code port} (0: ephemeral) with these certificates; HTTP/2 and HTTP/1.1 by ALPN. */
        public Builder tls(TlsOptions options, int port) {
            tls = options;
            tlsPort = port;
            return this;
        }

        public Router build() {
            return new Router(
                    new RouterConfig(
                            bindAddress,
                            port,
                            ioThreads,
                            maxHeaderBytes,
                            maxBodyBytes,
                            connectTimeout,
                            responseTimeout,
                            healthInterval,
                            balancer,
                            trustedProxies,
                            headerTimeout,
                            idleTimeout,
                            bodyTimeout,
                            sendTimeout,
                            maxConnections,
                            maxConnectionsPerClient,
                            drainTimeout,
                            webSocketIdleTimeout,
                            tls,
                            tlsPort,
                            name != null ? name : DefaultName.VALUE),
                    metricsGate);
        }
    }
}
