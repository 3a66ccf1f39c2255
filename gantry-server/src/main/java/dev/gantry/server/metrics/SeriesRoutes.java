package dev.gantry.server.metrics;

import dev.gantry.api.MetricSeries;
import dev.gantry.server.metrics.SeriesStore.Step;
import dev.gantry.server.metrics.Subject.Scope;
import dev.gantry.server.tokens.Role;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * {@code GET /api/v1/series}: one metric of one instance, host, app or release over time, at one-second or
 * one-minute steps, as {@link MetricSeries}. Readers and the metrics role.
 */
public final class SeriesRoutes {
    private final SeriesStore store;
    private final Clock clock;

    public SeriesRoutes(SeriesStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/v1/series")
                .roles(Role.DEPLOYER, Role.VIEWER, Role.METRICS)
                .summary("One metric of an instance, host, app or release over time (1 s steps for the last hour,"
                        + " 1 min for the last day)")
                .query("instance", "string", "an instance id")
                .query("host", "string", "a host name")
                .query("app", "string", "an app name (with release: that release of it)")
                .query("release", "integer", "a release number of app")
                .query("metric", "string", "cpu, memory, requests, errors, p50, p95, p99, restarts or ready")
                .query("from", "integer", "epoch millis; default: to minus an hour (1s) or a day (1m)")
                .query("to", "integer", "epoch millis, exclusive; default: now")
                .query("step", "string", "1s (default) or 1m")
                .returns(200, Content.json(MetricSeries.class))
                .errors(400)
                .handle(this::series);
    }

    private void series(Context ctx) {
        Subject subject = subject(ctx);
        Metric metric = Metric.parse(ctx.queryParam("metric"));
        Step step = Step.parse(ctx.queryParam("step"));
        long to = millis(ctx, "to", clock.millis() + 1);
        long span = step == Step.SECOND
                ? store.settings().fineRetention().toMillis()
                : store.settings().coarseRetention().toMillis();
        long from = millis(ctx, "from", to - span);
        if (to < from) throw new IllegalArgumentException("to: must be >= from (" + from + "), was " + to);
        ctx.json(store.read(subject, metric, step, from, to));
    }

    static Subject subject(Context ctx) {
        String instance = ctx.queryParam("instance");
        String host = ctx.queryParam("host");
        String app = ctx.queryParam("app");
        String release = ctx.queryParam("release");
        int given = (instance != null ? 1 : 0) + (host != null ? 1 : 0) + (app != null ? 1 : 0);
        if (given != 1)
            throw new IllegalArgumentException("instance, host, app: exactly one is required, got " + given);
        if (release != null && app == null) throw new IllegalArgumentException("release: needs app");
        if (instance != null) return new Subject(Scope.INSTANCE, instance);
        if (host != null) return new Subject(Scope.HOST, host);
        if (release == null) return new Subject(Scope.APP, app);
        try {
            return Subject.release(app, Integer.parseInt(release));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("release: must be a number, was " + release);
        }
    }

    private static long millis(Context ctx, String name, long otherwise) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return otherwise;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": must be epoch millis, was " + v);
        }
    }
}
