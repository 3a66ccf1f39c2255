package dev.gantry.server.agents;

import dev.gantry.api.AgentReport;
import dev.gantry.api.DesiredState;
import dev.gantry.api.Json;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.apps.Placement;
import dev.gantry.server.tokens.Role;
import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import io.javalin.http.Context;

/** What agents call: their desired state, and their reports of what runs. */
public final class AgentRoutes {
    private final AppStore store;
    private final Fleet fleet;
    private final Runnable onReport;
    /** Reports that change no route refresh the routes at most this often (other inputs may have moved). */
    private static final long REFRESH_EVERY_NANOS = 1_000_000_000L;

    private final java.util.concurrent.atomic.AtomicLong lastRefresh =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

    public AgentRoutes(AppStore store, Fleet fleet, Runnable onReport) {
        this.store = store;
        this.fleet = fleet;
        this.onReport = onReport;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/v1/agents/{host}/desired")
                .summary("What the host should run (its instances' environment included: agents and admins only)")
                .roles(Role.AGENT)
                .returns(200, Content.json(DesiredState.class))
                .handle(this::desired);
        routes.post("/api/v1/agents/{host}/report")
                .summary("An agent's report of what runs on its host")
                .roles(Role.AGENT)
                .request(Content.json(AgentReport.class))
                .returns(204, Content.NONE)
                .errors(400)
                .handle(this::report);
        routes.get("/api/v1/agents")
                .summary(
                        "The latest report of every agent: its version, the host's CPU count, CPU use and memory, and its"
                                + " instances")
                .returns(200, Content.jsonList(AgentReport.class))
                .handle(ctx -> ctx.json(fleet.agents()));
    }

    private void desired(Context ctx) {
        String host = ctx.pathParam("host");
        Access.requireHost(ctx, host);
        long version = store.desiredVersion();
        var instances = store.placements().stream()
                .filter(p -> p.host().equals(host))
                .map(Placement::spec)
                .toList();
        ctx.json(new DesiredState(host, version, instances));
    }

    private void report(Context ctx) {
        Access.requireHost(ctx, ctx.pathParam("host"));
        AgentReport report = Json.read(ctx.body(), AgentReport.class);
        if (!report.host().equals(ctx.pathParam("host"))) {
            throw new IllegalArgumentException(
                    "host: report names " + report.host() + " but was sent for " + ctx.pathParam("host"));
        }
        boolean routing = fleet.report(report);
        long now = System.nanoTime();
        long last = lastRefresh.get();
        if (routing || (now - last > REFRESH_EVERY_NANOS && lastRefresh.compareAndSet(last, now))) {
            if (routing) lastRefresh.set(now);
            onReport.run();
        }
        ctx.status(204);
    }
}
