package dev.gantry.proxy;

import dev.gantry.api.Json;
import dev.gantry.api.RouteTable;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.api.files.OwnerOnly;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a router fed from the control plane: polls {@code GET {serverUrl}/api/v1/routes} every
 * {@link #POLL_INTERVAL} with a bearer token and applies the table when its version differs.
 * While the server is unreachable the router keeps its last table (logged once per outage). With
 * a cache file, every applied table is saved there and loaded again at start, so a router that
 * restarts while the control plane is down still routes. HTTP and JSON go through the one
 * {@link ControlPlaneClient} (this polling is its retry, so the client makes each call once); the
 * {@link HealthChecker} keeps its own HTTP client because it probes apps, not the control plane.
 */
public final class RouteTableFetcher implements AutoCloseable {
    public static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(RouteTableFetcher.class);
    private static final String ROUTES = "/api/v1/routes";

    private final ControlPlaneClient client;
    private final String routesUrl;
    private final Router router;
    private final Path cacheFile;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gantry-route-fetcher");
        t.setDaemon(true);
        return t;
    });
    private volatile Long appliedVersion;
    private volatile boolean outage;

    /** @param cacheFile where to keep the last table; null for none */
    public RouteTableFetcher(URI serverUrl, String token, Router router, Path cacheFile) {
        this(client(serverUrl, token), router, cacheFile);
    }

    /** Polls through {@code client}, which it closes when it closes. */
    public RouteTableFetcher(ControlPlaneClient client, Router router, Path cacheFile) {
        if (router == null) throw new IllegalArgumentException("router: must not be null");
        this.client = client;
        this.routesUrl = client.baseUrl() + ROUTES;
        this.router = router;
        this.cacheFile = cacheFile;
    }

    private static ControlPlaneClient client(URI serverUrl, String token) {
        return clientFor(serverUrl, token).build();
    }

    /** The client settings a fetcher polls with (short timeouts, no retries: the polling is the retry), to add trust to. */
    public static ControlPlaneClient.Builder clientFor(URI serverUrl, String token) {
        if (serverUrl == null) throw new IllegalArgumentException("serverUrl: must not be null");
        if (token == null || token.isBlank()) throw new IllegalArgumentException("token: must not be blank");
        return ControlPlaneClient.builder(serverUrl)
                .token(token)
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(2))
                .retryFor(Duration.ZERO);
    }

    /** Loads the cache file if there is one, then starts polling. */
    public RouteTableFetcher start() {
        loadCache();
        scheduler.scheduleWithFixedDelay(this::pollOnce, 0, POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Version of the last table this fetcher applied, or null. */
    public Long appliedVersion() {
        return appliedVersion;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        client.close();
    }

    void pollOnce() {
        try {
            RouteTable table = fetch();
            if (outage) log.info("control plane reachable again url={}", routesUrl);
            outage = false;
            apply(table, true);
        } catch (IOException e) {
            if (!outage) {
                log.warn(
                        "control plane unreachable, keeping last route table url={} version={} error={}",
                        routesUrl,
                        appliedVersion,
                        e.toString());
            }
            outage = true;
        } catch (RuntimeException e) {
            log.warn("route table poll failed url={} error={}", routesUrl, e.toString());
        }
    }

    private RouteTable fetch() throws IOException {
        return client.get(ROUTES, RouteTable.class);
    }

    private void apply(RouteTable table, boolean persist) {
        Long current = appliedVersion;
        if (current != null && current == table.version()) return;
        router.update(table);
        appliedVersion = table.version();
        if (persist) saveCache(table);
    }

    private void loadCache() {
        if (cacheFile == null || !Files.exists(cacheFile)) return;
        try {
            apply(Json.mapper().readValue(cacheFile.toFile(), RouteTable.class), false);
            log.info("route table loaded from cache file={} version={}", cacheFile, appliedVersion);
        } catch (IOException | RuntimeException e) {
            log.warn("route table cache unreadable, ignoring it file={} error={}", cacheFile, e.toString());
        }
    }

    private void saveCache(RouteTable table) {
        if (cacheFile == null) return;
        try {
            Path parent = cacheFile.toAbsolutePath().getParent();
            if (parent != null) OwnerOnly.directories(parent);
            Path tmp = Files.createTempFile(parent, cacheFile.getFileName().toString(), ".tmp");
            Json.mapper().writeValue(tmp.toFile(), table);
            Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("could not save route table cache file={} error={}", cacheFile, e.toString());
        }
    }
}
