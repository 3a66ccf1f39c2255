package dev.gantry.server;

import dev.gantry.api.AgentReport;
import dev.gantry.api.AgentStatus;
import dev.gantry.api.InstanceState;
import dev.gantry.api.PlatformStatus;
import dev.gantry.api.RouteTable;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.metrics.ControlPlaneMeters;
import dev.gantry.server.routing.RouteTables;
import dev.gantry.server.store.Redis;
import dev.gantry.server.tokens.Role;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import java.time.Clock;
import java.util.List;

/** Health, status, the route table and Prometheus metrics of the control plane. */
final class StatusRoutes {
    private final AppStore store;
    private final Fleet fleet;
    private final RouteTables tables;
    private final Redis redis;
    private final Clock clock;
    private final ControlPlaneMeters metrics;
    private final long startedAt;
    private final String caFingerprint;

    StatusRoutes(
            AppStore store,
            Fleet fleet,
            RouteTables tables,
            Redis redis,
            Clock clock,
            ControlPlaneMeters metrics,
            dev.gantry.api.client.CaFingerprint caFingerprint) {
        this.store = store;
        this.fleet = fleet;
        this.tables = tables;
        this.redis = redis;
        this.clock = clock;
        this.metrics = metrics;
        this.startedAt = clock.millis();
        this.caFingerprint = caFingerprint == null ? null : caFingerprint.toString();
    }

    void register(ApiRoutes routes) {
        routes.get("/health")
                .open()
                .summary("Whether the control plane answers")
                .returns(200, Content.of("text/plain"))
                .handle(ctx -> ctx.result("ok"));
        routes.get("/metrics")
                .roles(Role.DEPLOYER, Role.VIEWER, Role.METRICS)
                .summary("Prometheus metrics of the control plane (OpenMetrics when Accept asks for it)")
                .returns(200, Content.of("text/plain"))
                .returns(200, Content.of("application/openmetrics-text"))
                .handle(metrics::scrape);
        routes.get("/api/v1/routes")
                .roles(Role.DEPLOYER, Role.VIEWER, Role.ROUTER)
                .summary("The route table routers apply")
                .returns(200, Content.json(RouteTable.class))
                .handle(ctx -> ctx.json(tables.current()));
        routes.get("/api/v1/status")
                .summary("The control plane, its store and its agents at a glance")
                .returns(200, Content.json(PlatformStatus.class))
                .handle(ctx -> ctx.json(status()));
    }

    private PlatformStatus status() {
        List<AgentReport> agents = List.copyOf(fleet.agents());
        int ready = (int) agents.stream()
                .flatMap(a -> a.instances().stream())
                .filter(i -> i.state() == InstanceState.READY)
                .count();
        return new PlatformStatus(
                (clock.millis() - startedAt) / 1000,
                redisState(),
                store.apps().size(),
                ready,
                store.placements().size(),
                tables.current().version(),
                agents.stream().map(this::agent).toList(),
                caFingerprint);
    }

    private AgentStatus agent(AgentReport a) {
        return new AgentStatus(
                a.host(),
                a.address(),
                (clock.millis() - fleet.lastSeen(a.host())) / 1000,
                a.cpuPercent(),
                a.memUsedBytes(),
                a.memTotalBytes(),
                a.instances().size(),
                a.isolation());
    }

    private String redisState() {
        try {
            return redis.sync().ping();
        } catch (RuntimeException e) {
            return "down: " + e.getMessage();
        }
    }
}
