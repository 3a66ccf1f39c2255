package dev.gantry.server.apps;

import dev.gantry.api.InstanceStatus;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.web.ApiException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Apps, their instances, releases, history and logs. */
public final class AppRoutes {
  private final AppStore store;
  private final Fleet fleet;
  private final Clock clock;
  private final String agentToken;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public AppRoutes(AppStore store, Fleet fleet, Clock clock, String agentToken) {
    this.store = store;
    this.fleet = fleet;
    this.clock = clock;
    this.agentToken = agentToken;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/v1/apps", ctx -> ctx.json(store.apps().stream().map(this::summary).toList()));
    routes.get("/api/v1/apps/{app}", ctx -> ctx.json(summary(app(ctx))));
    routes.get("/api/v1/apps/{app}/releases", ctx -> ctx.json(store.releases(app(ctx).name())));
    routes.get("/api/v1/apps/{app}/history", ctx -> ctx.json(store.history(app(ctx).name(), 100)));
    routes.get("/api/v1/apps/{app}/logs", this::logs);
    routes.get("/api/v1/instances", ctx -> ctx.json(instances(ctx.queryParam("app"))));
  }

  public List<InstanceView> instances(String app) {
    return store.placements().stream()
        .filter(p -> app == null || p.app().equals(app))
        .sorted(Comparator.comparing(Placement::app).thenComparing(Placement::createdAt))
        .map(this::view)
        .toList();
  }

  private InstanceView view(Placement p) {
    InstanceStatus s = fleet.status(p.id()).orElse(null);
    if (s == null) {
      return new InstanceView(p.id(), p.app(), p.host(), 0, "PENDING", p.spec().release(), 0, 0, p.draining(), "", 0, 0);
    }
    long uptime = s.startedAt() == 0 ? 0 : Math.max(0, (clock.millis() - s.startedAt()) / 1000);
    return new InstanceView(p.id(), p.app(), p.host(), s.port(), s.state().name(), s.release(), uptime, s.restarts(),
        p.draining(), s.message() == null ? "" : s.message(), s.cpuPercent(), s.rssBytes());
  }

  private Map<String, Object> summary(AppRecord a) {
    List<InstanceView> views = instances(a.name());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", a.name());
    m.put("release", a.release());
    m.put("instances", a.instances());
    m.put("ready", views.stream().filter(v -> v.state().equals("READY")).count());
    m.put("host", a.spec().route().host());
    m.put("path", a.spec().route().path());
    return m;
  }

  private void logs(Context ctx) throws Exception {
    AppRecord app = app(ctx);
    String instance = ctx.queryParam("instance");
    if (instance == null) throw new ApiException(400, "instance: is required (see gantry ps " + app.name() + ")");
    Placement p = store.placements(app.name()).stream().filter(x -> x.id().equals(instance)).findFirst()
        .orElseThrow(() -> ApiException.notFound("instance " + instance + " of " + app.name()));
    String agentUrl = fleet.agent(p.host()).map(r -> r.agentUrl())
        .orElseThrow(() -> new ApiException(503, "the agent of host " + p.host() + " has not reported"));
    String offset = ctx.queryParam("offset");
    URI uri = URI.create(agentUrl + "/logs/" + instance + (offset == null ? "" : "?offset=" + Long.parseLong(offset)));
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
        .header("Authorization", "Bearer " + agentToken).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) throw new ApiException(502, "agent " + p.host() + " answered " + r.statusCode() + " for the logs");
    ctx.header("X-Log-Offset", r.headers().firstValue("X-Log-Offset").orElse("0"));
    ctx.contentType("text/plain; charset=utf-8").result(r.body());
  }

  private AppRecord app(Context ctx) {
    String name = ctx.pathParam("app");
    return store.app(name).orElseThrow(() -> ApiException.notFound("app " + name));
  }
}
