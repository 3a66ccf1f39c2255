package dev.gantry.server;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceState;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.routing.RouteTables;
import dev.gantry.server.store.Redis;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Health, status, the route table and Prometheus metrics of the control plane. */
final class StatusRoutes {
  private final AppStore store;
  private final Fleet fleet;
  private final RouteTables tables;
  private final Redis redis;
  private final Clock clock;
  private final PrometheusMeterRegistry metrics;
  private final long startedAt;

  StatusRoutes(AppStore store, Fleet fleet, RouteTables tables, Redis redis, Clock clock, PrometheusMeterRegistry metrics) {
    this.store = store;
    this.fleet = fleet;
    this.tables = tables;
    this.redis = redis;
    this.clock = clock;
    this.metrics = metrics;
    this.startedAt = clock.millis();
  }

  void register(RoutesConfig routes) {
    routes.get("/health", ctx -> ctx.result("ok"));
    routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
    routes.get("/api/v1/routes", ctx -> ctx.json(tables.current()));
    routes.get("/api/v1/status", ctx -> ctx.json(status()));
  }

  private Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("uptimeSeconds", (clock.millis() - startedAt) / 1000);
    s.put("redis", redisState());
    s.put("apps", store.apps().size());
    List<AgentReport> agents = List.copyOf(fleet.agents());
    long ready = agents.stream().flatMap(a -> a.instances().stream()).filter(i -> i.state() == InstanceState.READY).count();
    s.put("instancesReady", ready);
    s.put("instancesDesired", store.placements().size());
    s.put("routeTableVersion", tables.current().version());
    s.put("agents", agents.stream().map(this::agent).toList());
    return s;
  }

  private Map<String, Object> agent(AgentReport a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", a.host());
    m.put("address", a.address());
    m.put("lastSeenSecondsAgo", (clock.millis() - fleet.lastSeen(a.host())) / 1000);
    m.put("cpuPercent", a.cpuPercent());
    m.put("memUsedBytes", a.memUsedBytes());
    m.put("memTotalBytes", a.memTotalBytes());
    m.put("instances", a.instances().size());
    return m;
  }

  private String redisState() {
    try {
      return redis.sync().ping();
    } catch (RuntimeException e) {
      return "down: " + e.getMessage();
    }
  }
}
