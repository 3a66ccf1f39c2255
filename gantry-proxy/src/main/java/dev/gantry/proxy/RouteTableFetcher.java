package dev.gantry.proxy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.RouteTable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * restarts while the control plane is down still routes.
 */
public final class RouteTableFetcher implements AutoCloseable {
  public static final Duration POLL_INTERVAL = Duration.ofMillis(500);
  private static final Logger log = LoggerFactory.getLogger(RouteTableFetcher.class);
  private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final URI routesUrl;
  private final String token;
  private final Router router;
  private final Path cacheFile;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "gantry-route-fetcher");
    t.setDaemon(true);
    return t;
  });
  private volatile Long appliedVersion;
  private volatile boolean outage;

  /** @param cacheFile where to keep the last table; null for none */
  public RouteTableFetcher(URI serverUrl, String token, Router router, Path cacheFile) {
    if (serverUrl == null) throw new IllegalArgumentException("serverUrl: must not be null");
    if (token == null || token.isBlank()) throw new IllegalArgumentException("token: must not be blank");
    if (router == null) throw new IllegalArgumentException("router: must not be null");
    String base = serverUrl.toString().replaceAll("/+$", "");
    this.routesUrl = URI.create(base + "/api/v1/routes");
    this.token = token;
    this.router = router;
    this.cacheFile = cacheFile;
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
    http.shutdownNow();
  }

  void pollOnce() {
    try {
      RouteTable table = fetch();
      if (outage) log.info("control plane reachable again url={}", routesUrl);
      outage = false;
      apply(table, true);
    } catch (IOException e) {
      if (!outage) {
        log.warn("control plane unreachable, keeping last route table url={} version={} error={}", routesUrl, appliedVersion, e.toString());
      }
      outage = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("route table poll failed url={} error={}", routesUrl, e.toString());
    }
  }

  private RouteTable fetch() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(routesUrl)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .timeout(Duration.ofSeconds(2))
        .GET().build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + routesUrl + " answered " + response.statusCode());
    }
    return JSON.readValue(response.body(), RouteTable.class);
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
      apply(JSON.readValue(cacheFile.toFile(), RouteTable.class), false);
      log.info("route table loaded from cache file={} version={}", cacheFile, appliedVersion);
    } catch (IOException | RuntimeException e) {
      log.warn("route table cache unreadable, ignoring it file={} error={}", cacheFile, e.toString());
    }
  }

  private void saveCache(RouteTable table) {
    if (cacheFile == null) return;
    try {
      Path parent = cacheFile.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, cacheFile.getFileName().toString(), ".tmp");
      JSON.writeValue(tmp.toFile(), table);
      Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      log.warn("could not save route table cache file={} error={}", cacheFile, e.toString());
    }
  }
}
