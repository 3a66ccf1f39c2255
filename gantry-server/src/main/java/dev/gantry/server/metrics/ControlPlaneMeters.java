package dev.gantry.server.metrics;

import dev.gantry.api.DeploymentState;
import dev.gantry.server.store.Redis;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the control plane's {@code /metrics} serves: API requests by route, method and status with their
 * latency, deployments ended by operation and outcome, the Redis store's health, the series store's size,
 * the JVM and the process (and what each feature adds, e.g. flag writes and streams). Served in the
 * Prometheus text format, or OpenMetrics when the scraper's {@code Accept} asks for it.
 */
public final class ControlPlaneMeters implements AutoCloseable {
    static final String OPENMETRICS = "application/openmetrics-text";
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public ControlPlaneMeters(Redis redis, SeriesStore series) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        Gauge.builder("gantry.redis.up", redis, ControlPlaneMeters::up)
                .description("1 when the store (Redis) answers a PING, else 0")
                .register(registry);
        Gauge.builder("gantry.series", series, SeriesStore::size)
                .description("Subjects (instances, hosts, apps, releases) the series store keeps")
                .register(registry);
        Gauge.builder("gantry.series.retained.floats", series, SeriesStore::retainedFloats)
                .description("Values the series store holds in memory (4 bytes each)")
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Counts an answered API request (Javalin's request logger). */
    public void request(Context ctx, float millis) {
        Timer.builder("gantry.api.requests")
                .description("API requests answered, by route, method and status")
                .tag("method", ctx.method().name())
                .tag("route", route(ctx))
                .tag("status", Integer.toString(ctx.statusCode()))
                .serviceLevelObjectives(
                        Duration.ofMillis(5),
                        Duration.ofMillis(25),
                        Duration.ofMillis(100),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(2))
                .register(registry)
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    /** Counts an ended deployment. */
    public void deploymentEnded(String app, String operation, DeploymentState state) {
        Counter.builder("gantry.deployments")
                .description("Deployments ended, by operation and outcome")
                .tag("operation", operation)
                .tag("outcome", state.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    /** Answers a scrape in the format its Accept header asks for. */
    public void scrape(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains(OPENMETRICS)) {
            String type = OPENMETRICS + "; version=1.0.0; charset=utf-8";
            ctx.contentType(type).result(registry.scrape(type));
        } else {
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private static String route(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    private static double up(Redis redis) {
        try {
            return "PONG".equals(redis.sync().ping()) ? 1 : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
