package dev.gantry.server.metrics;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceMetrics;
import dev.gantry.api.InstanceStatus;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.metrics.SeriesStore.Step;
import dev.gantry.server.metrics.Subject.Scope;
import dev.gantry.server.tokens.Role;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /api/v1/instances/metrics}: every instance an agent reported in the last {@link #LIVE}, with its
 * state and its latest metrics from the {@link SeriesStore}, in one answer ({@code gantry top} asks once a
 * second). CPU and memory are the newest sample in the last {@link #WINDOW_SECONDS} complete seconds; requests
 * and errors per second are the mean over those seconds and p99 the highest: a router's report lands in
 * whichever second it arrives in, so a single second swings between nothing and twice the rate. Readers and
 * the metrics role.
 */
public final class InstanceMetricsRoutes {
    static final Duration LIVE = Duration.ofSeconds(15);
    static final int WINDOW_SECONDS = 5;
    private final SeriesStore store;
    private final Fleet fleet;
    private final Clock clock;

    public InstanceMetricsRoutes(SeriesStore store, Fleet fleet, Clock clock) {
        this.store = store;
        this.fleet = fleet;
        this.clock = clock;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/v1/instances/metrics")
                .roles(Role.DEPLOYER, Role.VIEWER, Role.METRICS)
                .summary("Every live instance's state and latest CPU, memory, requests/s, errors/s and p99"
                        + " (gantry top)")
                .query("app", "string", "only this app's instances")
                .returns(200, Content.jsonList(InstanceMetrics.class))
                .handle(ctx -> ctx.json(instances(ctx.queryParam("app"))));
    }

    /** The live instances (of {@code app}, null: all), by app and id. */
    List<InstanceMetrics> instances(String app) {
        long end = Math.floorDiv(clock.millis(), 1000); // the second in progress: not complete
        List<InstanceMetrics> out = new ArrayList<>();
        for (AgentReport report : fleet.live(LIVE)) {
            for (InstanceStatus i : report.instances()) {
                if (app == null || i.app().equals(app)) out.add(metrics(report.host(), i, end));
            }
        }
        out.sort(Comparator.comparing(InstanceMetrics::app).thenComparing(InstanceMetrics::instance));
        return out;
    }

    private InstanceMetrics metrics(String host, InstanceStatus i, long end) {
        Subject s = new Subject(Scope.INSTANCE, i.id());
        Double memory = newest(s, Metric.MEMORY, end);
        return new InstanceMetrics(
                i.app(),
                i.id(),
                host,
                i.release(),
                i.state(),
                (end - 1) * 1000,
                newest(s, Metric.CPU, end),
                memory == null ? null : memory.longValue(),
                sum(s, Metric.REQUESTS, end) / WINDOW_SECONDS,
                sum(s, Metric.ERRORS, end) / WINDOW_SECONDS,
                highest(s, Metric.P99, end));
    }

    private List<Double> window(Subject s, Metric m, long end) {
        return store.read(s, m, Step.SECOND, (end - WINDOW_SECONDS) * 1000, end * 1000)
                .values();
    }

    private Double newest(Subject s, Metric m, long end) {
        List<Double> v = window(s, m, end);
        for (int i = v.size() - 1; i >= 0; i--) if (v.get(i) != null) return v.get(i);
        return null;
    }

    private double sum(Subject s, Metric m, long end) {
        double total = 0;
        for (Double v : window(s, m, end)) if (v != null) total += v;
        return total;
    }

    private Double highest(Subject s, Metric m, long end) {
        Double max = null;
        for (Double v : window(s, m, end)) if (v != null && (max == null || v > max)) max = v;
        return max;
    }
}
