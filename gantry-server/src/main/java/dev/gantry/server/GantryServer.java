package dev.gantry.server;

import dev.gantry.api.Durations;
import dev.gantry.api.Json;
import dev.gantry.api.RouteTable;
import dev.gantry.api.client.CaFingerprint;
import dev.gantry.api.files.OwnerOnly;
import dev.gantry.server.agents.AgentRoutes;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.agents.HostRoutes;
import dev.gantry.server.alerts.AlertRoutes;
import dev.gantry.server.alerts.Alerts;
import dev.gantry.server.analysis.JudgeRoutes;
import dev.gantry.server.analysis.RoutedInstances;
import dev.gantry.server.analysis.RouterReportRoutes;
import dev.gantry.server.analysis.Traffic;
import dev.gantry.server.apps.AppRoutes;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.dashboard.Dashboard;
import dev.gantry.server.git.GitRoutes;
import dev.gantry.server.git.PushLimits;
import dev.gantry.server.metrics.ControlPlaneMeters;
import dev.gantry.server.metrics.InstanceMetricsRoutes;
import dev.gantry.server.metrics.ScrapeTargets;
import dev.gantry.server.metrics.SeriesRecorder;
import dev.gantry.server.metrics.SeriesRoutes;
import dev.gantry.server.metrics.SeriesStore;
import dev.gantry.server.releases.CanaryJudges;
import dev.gantry.server.releases.CanaryRoutes;
import dev.gantry.server.releases.DeployRoutes;
import dev.gantry.server.releases.Deployer;
import dev.gantry.server.routing.RouteTableBuilder;
import dev.gantry.server.routing.RouteTables;
import dev.gantry.server.store.EmbeddedRedis;
import dev.gantry.server.store.Redis;
import dev.gantry.server.tls.ApiConnectors;
import dev.gantry.server.tls.ApiTls;
import dev.gantry.server.tls.ServerCertificate;
import dev.gantry.server.tokens.Credential;
import dev.gantry.server.tokens.CredentialStore;
import dev.gantry.server.tokens.OpenStreams;
import dev.gantry.server.tokens.TokenRoutes;
import dev.gantry.server.web.Access;
import dev.gantry.server.web.AdminToken;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint;
import dev.gantry.server.web.Errors;
import dev.gantry.server.web.OpenApi;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane, started as one value: store (embedded Redis unless told otherwise), API,
 * route tables, the deploy engine. The embedded shape adds an agent and a router beside it (see the
 * CLI's {@code Embedded}). Time comes from one {@link Clock} and every wait of a deployment from one
 * scheduler, both given to {@link #start(ServerConfig, List, Clock, ScheduledExecutorService)} or made
 * here. {@link #close()} stops what it started, in reverse order; deployments it leaves running are
 * taken up by the next start on the same Redis.
 */
public final class GantryServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GantryServer.class);
    private static final int ACCEPT_QUEUE = 4_096;
    private final ServerConfig config;
    private final Clock clock;
    private final ScheduledExecutorService engine;
    private final boolean ownEngine;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private Javalin api;
    private volatile ApiRoutes routes;
    private final List<String> registered = new java.util.concurrent.CopyOnWriteArrayList<>();
    private RouteTables tables;
    private volatile Deployer deployer;
    private AdminToken token;
    private CredentialStore credentials;
    private final OpenStreams streams = new OpenStreams();
    private final Traffic traffic;
    private Redis redis;
    private SeriesStore series;
    private Dashboard dashboard;
    private ServerCertificate certificate;
    private volatile org.eclipse.jetty.server.ServerConnector plain;

    private GantryServer(ServerConfig config, Clock clock, ScheduledExecutorService engine) {
        this.config = config;
        this.clock = clock;
        this.ownEngine = engine == null;
        this.engine = engine != null ? engine : ownEngine();
        this.traffic = new Traffic(clock);
    }

    /** One thread; at close the step it runs finishes and the waits it holds are dropped (the next start re-arms them). */
    private static ScheduledExecutorService ownEngine() {
        ScheduledThreadPoolExecutor engine = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name("gantry-deploys").daemon().factory());
        engine.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        engine.setRemoveOnCancelPolicy(true);
        return engine;
    }

    /** Starts everything on the system clock; {@code features} are built once Redis is up (flags, ...). */
    public static GantryServer start(ServerConfig config, List<Function<Redis, ServerFeature>> features)
            throws IOException {
        return start(config, features, Clock.systemUTC(), null);
    }

    /**
     * Starts everything with this clock and deploy engine: every step of every deployment runs on
     * {@code engine}, and its deadlines and drain delays are scheduled there (one thread; a test hands
     * in a manual scheduler). Null makes a thread of its own, stopped by {@link #close()}; one given
     * is the caller's to stop.
     */
    public static GantryServer start(
            ServerConfig config,
            List<Function<Redis, ServerFeature>> features,
            Clock clock,
            ScheduledExecutorService engine)
            throws IOException {
        GantryServer s = new GantryServer(config, clock, engine);
        try {
            s.startAll(features);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void startAll(List<Function<Redis, ServerFeature>> featureFactories) throws IOException {
        OwnerOnly.directory(config.dataDir());
        URI redisUri = config.redis();
        if (redisUri == null) {
            EmbeddedRedis embedded = EmbeddedRedis.start(config.dataDir().resolve("redis"));
            closeables.add(embedded);
            redisUri = embedded.uri();
        }
        redis = new Redis(redisUri);
        closeables.add(redis);
        token = AdminToken.loadOrCreate(config.dataDir());
        credentials = new CredentialStore(
                redis.sync(),
                clock,
                CredentialStore.bootstrap(
                        token.value(),
                        Files.getLastModifiedTime(AdminToken.file(config.dataDir()))
                                .toMillis()));
        AppStore store = new AppStore(redis);
        Fleet fleet = new Fleet(redis, clock);
        series = SeriesStore.create(clock, config.series(), redis);
        log.info(
                "series fineRetention={} coarseRetention={} maxSeries={} atMostMiB={}",
                Durations.format(config.series().fineRetention()),
                Durations.format(config.series().coarseRetention()),
                config.series().maxSeries(),
                config.series().maxBytes() >> 20);
        SeriesRecorder recorder = new SeriesRecorder(series, clock);
        fleet.onReport(recorder::agent);
        traffic.onReport(recorder::router);
        tables = new RouteTables(
                () -> RouteTableBuilder.routes(
                        store.apps(),
                        store.placements(),
                        deployer == null ? fleet.agents() : deployer.routable(fleet.agents()),
                        deployer == null ? Map.of() : deployer.canarySplits()),
                clock);
        RoutedInstances routed = new RoutedInstances();
        traffic.accepting(sample -> routed.has(tables.current(), sample));
        List<ServerFeature> features = new ArrayList<>();
        for (var f : featureFactories) features.add(f.apply(redis));
        closeables.addAll(features);
        deployer = new Deployer(
                store,
                fleet,
                redis,
                tables::refresh,
                clock,
                engine,
                workers,
                new Deployer.Settings(
                        config.dataDir(),
                        config.drainDelay(),
                        config.keepReleases(),
                        () -> instanceEnv(features),
                        config.uploads().unpack(),
                        config.uploads().buildTimeout()));
        deployer.judgeCanaries(traffic::arm, CanaryJudges.live());
        traffic.onTrip(deployer::canaryTripped);
        deployer.start();
        closeables.add(deployer.watchHosts());
        Alerts alerts = new Alerts(config.alerts(), redis, traffic, store, clock, this::dashboardUrl, System::getenv);
        closeables.add(alerts);
        alerts.start(engine);
        ApiTls tls = config.tls();
        if (tls != null) {
            certificate = ServerCertificate.load(
                    tls, config.tlsDir(), ApiTls.certificateNames(config.bindAddress(), config.advertiseUrl()), clock);
        }
        ControlPlaneMeters metrics = new ControlPlaneMeters(redis, series);
        closeables.add(metrics);
        features.forEach(f -> f.bindMetrics(metrics.registry()));
        deployer.onEnded(metrics::deploymentEnded);
        dashboard =
                new Dashboard(redis, credentials, fleet, store, deployer, alerts, series, clock, config.sessionTtl());
        closeables.add(dashboard);
        Access access = new Access(credentials, streams, clock, dashboard.sessions());
        closeables.add(closeRevokedStreams());
        api = Javalin.create(cfg -> {
            cfg.events.handlerAdded(h -> {
                if (h.getHttpMethod().isHttpMethod() && !h.getPath().startsWith(GitRoutes.PREFIX))
                    registered.add(h.getHttpMethod().name() + " " + h.getPath());
            });
            cfg.startup.showJavalinBanner = false;
            cfg.requestLogger.http(metrics::request);
            cfg.http.maxRequestSize = 1L << 30;
            cfg.jetty.modifyServer(GantryServer::deepenAcceptQueue);
            if (tls != null) {
                cfg.jetty.addConnector((server, http) ->
                        ApiConnectors.https(server, http, certificate, config.bindAddress(), config.apiPort()));
                if (tls.plainPort() >= 0)
                    cfg.jetty.addConnector(
                            (server, http) -> plain = ApiConnectors.loopback(server, http, tls.plainPort()));
            }
            cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
            Errors.register(cfg.routes);
            ApiRoutes api = new ApiRoutes(cfg.routes, access);
            routes = api;
            new StatusRoutes(store, fleet, tables, redis, clock, metrics, caFingerprint()).register(api);
            new AgentRoutes(store, fleet, tables::refresh).register(api);
            new HostRoutes(fleet, deployer::lostHosts, clock).register(api);
            new AppRoutes(store, fleet, clock, this::agentEndpointKey).register(api);
            new DeployRoutes(deployer, store, config.dataDir(), config.uploads().maxBytes()).register(api);
            new CanaryRoutes(deployer).register(api);
            new TokenRoutes(credentials, streams).register(api);
            new RouterReportRoutes(traffic).register(api);
            new JudgeRoutes().register(api);
            new SeriesRoutes(series, clock).register(api);
            new InstanceMetricsRoutes(series, fleet, clock).register(api);
            new AlertRoutes(alerts).register(api);
            new ScrapeTargets(() -> config.advertiseUrl() != null ? config.advertiseUrl() : apiUrl(), fleet)
                    .register(api);
            features.forEach(f -> f.register(api, access));
            dashboard.register(api, access);
            OpenApi.register(api);
            GitRoutes.create(
                            credentials, clock, deployer, store, config.dataDir(), config.uploads(), PushLimits.DEFAULT)
                    .register(cfg.routes);
        });
        tables.refresh(); // before the API answers: a router polling now must never get the empty table of version 0
        api.start(config.bindAddress(), config.apiPort());
        log.info(
                "control plane started api={} loopback={} caFingerprint={} data={}",
                apiUrl(),
                localUrl(),
                caFingerprint(),
                config.dataDir());
    }

    /**
     * Streams opened with a credential revoked through another control plane on the same Redis
     * (or one that expired) close within a few seconds; one revoked here closes at once.
     */
    private AutoCloseable closeRevokedStreams() {
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("gantry-revoked-streams").daemon().factory());
        sweeper.scheduleWithFixedDelay(
                () -> {
                    try {
                        streams.closeRevoked(digest -> credentials
                                .byDigest(digest)
                                .filter(c -> !c.expired(clock.millis()))
                                .isPresent());
                    } catch (RuntimeException e) {
                        log.warn("could not check open streams for revoked credentials: {}", e.toString());
                    }
                },
                3,
                3,
                TimeUnit.SECONDS);
        return sweeper::shutdownNow;
    }

    /** What the control plane presents to a host's agent endpoint: see {@link #agentEndpointKey(CredentialStore, String, String)}. */
    private String agentEndpointKey(String host) {
        return agentEndpointKey(credentials, token.value(), host);
    }

    /**
     * The bearer the control plane sends to {@code host}'s agent endpoint, at the address that agent reported:
     * derived from its agent credential, or, for a host without one (an agent on the admin token, or one whose
     * credential was revoked), derived from the admin token. Never the admin token itself: the address is the
     * reporting agent's choice, so the bearer must be worth no more than that agent's logs.
     */
    static String agentEndpointKey(CredentialStore credentials, String adminToken, String host) {
        return credentials
                .byName(Credential.agentName(host))
                .filter(c -> c.role() == dev.gantry.server.tokens.Role.AGENT)
                .map(c -> dev.gantry.api.AgentEndpointKey.forDigest(
                        java.util.HexFormat.of().parseHex(c.digest())))
                .orElseGet(() -> dev.gantry.api.AgentEndpointKey.forSecret(adminToken));
    }

    /**
     * Jetty's default listen backlog (50) overflows when thousands of SDK streams (re)connect at
     * once, and every dropped SYN costs that client a 1 s retransmit. Javalin adds its connector
     * after the server consumers run, so the size is set when the server starts.
     */
    private static void deepenAcceptQueue(org.eclipse.jetty.server.Server server) {
        server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                for (var connector : server.getConnectors()) {
                    if (connector instanceof org.eclipse.jetty.server.ServerConnector c)
                        c.setAcceptQueueSize(ACCEPT_QUEUE);
                }
            }
        });
    }

    private java.util.Map<String, String> instanceEnv(List<ServerFeature> features) {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("GANTRY_FLAGS_URL", config.advertiseUrl() != null ? config.advertiseUrl() : localUrl());
        features.forEach(f -> env.putAll(f.instanceEnv()));
        return env;
    }

    /** The dashboard's URL, the link in notifications: the advertised URL's root, else the API's. */
    private String dashboardUrl() {
        String base = config.advertiseUrl() != null ? config.advertiseUrl() : apiUrl();
        return base.endsWith("/") ? base : base + "/";
    }

    /** Hands {@code listener} the current route table now and every changed one afterwards (an embedded router). */
    public void onRouteTable(Consumer<RouteTable> listener) {
        tables.onChange(listener);
        listener.accept(tables.current());
    }

    /** The API on its listen address: https when {@link ServerConfig#tls()} is set. */
    public String apiUrl() {
        return (certificate != null ? "https://" : "http://") + config.bindAddress() + ":" + api.port();
    }

    /**
     * The URL for clients on this host (the embedded agent, instances reading flags): the plain
     * listener on loopback when the API serves HTTPS beside it, else {@link #apiUrl()} (on 127.0.0.1
     * when that listens on a wildcard address and is HTTPS, as the certificate names 127.0.0.1).
     */
    public String localUrl() {
        if (certificate == null) return apiUrl();
        if (plain != null) return "http://127.0.0.1:" + plain.getLocalPort();
        String host = config.bindAddress().matches("0\\.0\\.0\\.0|::|\\[::]") ? "127.0.0.1" : config.bindAddress();
        return "https://" + host + ":" + api.port();
    }

    /** What clients pin to trust {@link #apiUrl()} ({@code --ca-fingerprint}); null when the API is plain HTTP. */
    public CaFingerprint caFingerprint() {
        return certificate == null ? null : certificate.fingerprint();
    }

    public int apiPort() {
        return api.port();
    }

    /** What the routers report of each app's releases (canary analysis); an embedded router reports here directly. */
    public Traffic traffic() {
        return traffic;
    }

    /** Every instance's, host's, app's and release's metrics over time (the dashboard, alerts). */
    public SeriesStore series() {
        return series;
    }

    /** The dashboard's logins and event stream. */
    public Dashboard dashboard() {
        return dashboard;
    }

    /** The bootstrap admin credential (the data directory's file {@code token}). */
    public String token() {
        return token.value();
    }

    /** The named credentials: the embedded shape mints its agent's here. */
    public CredentialStore credentials() {
        return credentials;
    }

    /** Every route with its description, as {@code /api/v1/openapi.json} gives it. */
    public List<Endpoint> endpoints() {
        return routes.endpoints();
    }

    /**
     * Every HTTP route Javalin registered, as {@code "GET /path/{param}"}: what the description must cover. The git
     * routes ({@link GitRoutes}) are left out: git's protocol describes them, not the API's.
     */
    public List<String> registeredRoutes() {
        return List.copyOf(registered);
    }

    public ServerConfig config() {
        return config;
    }

    private void stopEngine() {
        engine.shutdown();
        try {
            if (!engine.awaitTermination(5, TimeUnit.SECONDS)) log.warn("a deployment step was still running at close");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (api != null) api.stop();
        if (ownEngine) stopEngine();
        workers.shutdownNow();
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                log.warn(
                        "error while stopping {}: {}",
                        closeables.get(i).getClass().getSimpleName(),
                        e.toString());
            }
        }
    }
}
