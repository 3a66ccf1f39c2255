package dev.gantry.server.apps;

import dev.gantry.api.AppSummary;
import dev.gantry.api.HistoryEvent;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.InstanceView;
import dev.gantry.api.Release;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.tokens.Credential;
import dev.gantry.server.tokens.Role;
import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiException;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import io.javalin.http.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Apps, their instances, releases, history and logs. */
public final class AppRoutes {
    private final AppStore store;
    private final Fleet fleet;
    private final Clock clock;
    private final java.util.function.Function<String, String> agentKey;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param agentKey host to the bearer its agent's endpoint accepts (for logs) */
    public AppRoutes(AppStore store, Fleet fleet, Clock clock, java.util.function.Function<String, String> agentKey) {
        this.store = store;
        this.fleet = fleet;
        this.clock = clock;
        this.agentKey = agentKey;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/v1/apps")
                .summary("Every app with its live release and ready instances")
                .returns(200, Content.jsonList(AppSummary.class))
                .handle(ctx -> ctx.json(store.apps().stream().map(this::summary).toList()));
        routes.get("/api/v1/apps/{app}")
                .summary("One app")
                .returns(200, Content.json(AppSummary.class))
                .errors(404)
                .handle(ctx -> ctx.json(summary(app(ctx))));
        routes.get("/api/v1/apps/{app}/releases")
                .summary("An app's releases, newest first (the environment's values for admins and deployers only)")
                .returns(200, Content.jsonList(Release.class))
                .errors(404)
                .handle(ctx -> ctx.json(releasesFor(
                        Access.caller(ctx).map(Credential::role).orElse(null), store.releases(app(ctx).name()))));
        routes.get("/api/v1/apps/{app}/history")
                .summary("An app's audit trail, newest first")
                .returns(200, Content.jsonList(HistoryEvent.class))
                .errors(404)
                .handle(ctx -> ctx.json(store.history(app(ctx).name(), 100)));
        routes.get("/api/v1/apps/{app}/logs")
                .summary("Output of one instance, from its agent; X-Log-Offset says where to go on")
                .query("instance", "string", "the instance id (required)")
                .query("offset", "integer", "byte offset to read from; without it, the last 64 KiB")
                .returns(200, Content.of("text/plain"))
                .errors(400, 404, 502)
                .handle(this::logs);
        routes.get("/api/v1/instances")
                .summary("Desired instances joined with what their agents report")
                .query("app", "string", "only this app's instances")
                .returns(200, Content.jsonList(InstanceView.class))
                .handle(ctx -> ctx.json(instances(ctx.queryParam("app"))));
    }

    /**
     * Releases as {@code role} may read them: a release's spec carries the app's environment, which only admins and
     * deployers (who could deploy it anyway) read; for anyone else each value is {@value #HIDDEN}.
     */
    static List<Release> releasesFor(Role role, List<Release> releases) {
        if (role == Role.ADMIN || role == Role.DEPLOYER) return releases;
        return releases.stream()
                .map(r -> new Release(
                        r.app(),
                        r.number(),
                        r.createdAt(),
                        r.source(),
                        r.spec() == null
                                ? null
                                : r.spec().withEnv(hidden(r.spec().env())),
                        r.status(),
                        r.message(),
                        r.deployedAt(),
                        r.pruned(),
                        r.digest()))
                .toList();
    }

    static final String HIDDEN = "(hidden: needs the role admin or deployer)";

    private static Map<String, String> hidden(Map<String, String> env) {
        Map<String, String> names = new java.util.TreeMap<>();
        env.keySet().forEach(k -> names.put(k, HIDDEN));
        return names;
    }

    public List<InstanceView> instances(String app) {
        return store.placements().stream()
                .filter(p -> app == null || p.app().equals(app))
                .sorted(Comparator.comparing(Placement::app).thenComparing(Placement::createdAt))
                .map(this::view)
                .toList();
    }

    private InstanceView view(Placement p) {
        return view(p, fleet.status(p.host(), p.id()).orElse(null), clock.millis());
    }

    /** A placement joined with what its agent reports ({@code s}, null until it has), its uptime as of {@code now}. */
    static InstanceView view(Placement p, InstanceStatus s, long now) {
        if (s == null) {
            return new InstanceView(
                    p.id(),
                    p.app(),
                    p.host(),
                    0,
                    InstanceState.PENDING,
                    p.spec().release(),
                    0,
                    0,
                    p.draining(),
                    "",
                    0,
                    0);
        }
        long uptime = s.startedAt() == 0 ? 0 : Math.max(0, (now - s.startedAt()) / 1000);
        return new InstanceView(
                p.id(),
                p.app(),
                p.host(),
                s.port(),
                s.state(),
                s.release(),
                uptime,
                s.restarts(),
                p.draining(),
                s.message() == null ? "" : s.message(),
                s.cpuPercent(),
                s.rssBytes(),
                s.user(),
                s.memoryLimitBytes(),
                s.memoryBytes(),
                s.cpuLimit(),
                s.oomKills());
    }

    private AppSummary summary(AppRecord a) {
        int ready = (int) instances(a.name()).stream()
                .filter(v -> v.state() == InstanceState.READY)
                .count();
        return new AppSummary(
                a.name(),
                a.release(),
                a.instances(),
                ready,
                a.spec().route().host(),
                a.spec().route().path());
    }

    private void logs(Context ctx) throws Exception {
        AppRecord app = app(ctx);
        String instance = ctx.queryParam("instance");
        if (instance == null) throw new ApiException(400, "instance: is required (see gantry ps " + app.name() + ")");
        Placement p = store.placements(app.name()).stream()
                .filter(x -> x.id().equals(instance))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("instance " + instance + " of " + app.name()));
        String agentUrl = fleet.agent(p.host())
                .map(r -> r.agentUrl())
                .orElseThrow(() ->
                        ApiException.agentUnavailable(503, "the agent of host " + p.host() + " has not reported"));
        String offset = ctx.queryParam("offset");
        URI uri = URI.create(
                agentUrl + "/logs/" + instance + (offset == null ? "" : "?offset=" + Long.parseLong(offset)));
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + agentKey.apply(p.host()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200)
            throw ApiException.agentUnavailable(
                    502, "agent " + p.host() + " answered " + r.statusCode() + " for the logs");
        ctx.header("X-Log-Offset", r.headers().firstValue("X-Log-Offset").orElse("0"));
        ctx.contentType("text/plain; charset=utf-8").result(r.body());
    }

    private AppRecord app(Context ctx) {
        String name = ctx.pathParam("app");
        return store.app(name).orElseThrow(() -> ApiException.notFound("app " + name));
    }
}
