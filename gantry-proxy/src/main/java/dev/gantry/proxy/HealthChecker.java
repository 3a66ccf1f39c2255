package dev.gantry.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks: GET the route's health path on every backend each interval. 2xx is a
 * success; {@link Upstream#FAILURES_TO_EJECT} failures in a row eject; one success readmits
 * (also after a passive ejection). New backends count as healthy and are probed at once. It
 * probes apps, not the control plane, so it has its own small JDK client rather than the
 * control-plane client of gantry-api.
 */
final class HealthChecker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);

    private final Supplier<List<Upstream>> upstreams;
    private final Duration interval;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;

    HealthChecker(Supplier<List<Upstream>> upstreams, Duration interval, Duration probeTimeout) {
        this.upstreams = upstreams;
        this.interval = interval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gantry-router-health");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(probeTimeout)
                .executor(scheduler)
                .build();
    }

    void start() {
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::probeAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    void probeSoon(List<Upstream> fresh) {
        if (!fresh.isEmpty()) scheduler.execute(() -> fresh.forEach(this::probe));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        http.shutdownNow();
    }

    private void probeAll() {
        for (Upstream u : upstreams.get()) probe(u);
    }

    private void probe(Upstream u) {
        if (u.retired() || !u.probing.compareAndSet(false, true)) return;
        URI uri = URI.create("http://" + u.backend().address() + u.healthPath());
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(interval.plusSeconds(1))
                .GET()
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            u.probing.set(false);
            boolean ok = error == null && response.statusCode() / 100 == 2;
            boolean wasHealthy = u.healthy();
            u.probeResult(ok);
            if (wasHealthy != u.healthy()) {
                log.info(
                        "backend health changed app={} backend={} address={} healthy={}{}",
                        u.app,
                        u.backend().id(),
                        u.backend().address(),
                        u.healthy(),
                        error == null ? "" : " error=" + error.getClass().getSimpleName());
            }
        });
    }
}
