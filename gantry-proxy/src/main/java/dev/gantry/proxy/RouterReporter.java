package dev.gantry.proxy;

import dev.gantry.api.RouterReport;
import dev.gantry.api.client.ControlPlaneClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the control plane what a router's backends did, every {@link #INTERVAL}: one {@link RouterReport}
 * with a sample per backend that had traffic (requests, 5xx, connection failures, latency histogram) and
 * the canary trips of the interval. A backend that left the table is reported once more, for what it
 * finished after leaving. When a report cannot be delivered its interval is dropped (logged once per
 * outage), never piled up; a trip stays pending until a report carrying it gets through.
 */
public final class RouterReporter implements AutoCloseable {
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(RouterReporter.class);

    /** Where reports go: the control plane's API, or the embedded control plane directly. */
    @FunctionalInterface
    public interface Sink {
        void send(RouterReport report) throws IOException;
    }

    private final Router router;
    private final Sink sink;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("gantry-router-reporter").daemon().factory());
    private Set<Upstream> previous = Set.of();
    private long from;
    private boolean outage;

    public RouterReporter(Router router, Sink sink, Clock clock) {
        if (router == null) throw new IllegalArgumentException("router: must not be null");
        if (sink == null) throw new IllegalArgumentException("sink: must not be null");
        this.router = router;
        this.sink = sink;
        this.clock = clock;
        this.from = clock.millis();
    }

    /** Posts to {@code POST /api/v1/routers/{name}/report} through {@code client} (closed with the reporter's owner). */
    public static Sink posting(ControlPlaneClient client, String routerName) {
        String path = "/api/v1/routers/" + ControlPlaneClient.segment(routerName) + "/report";
        return report -> client.post(path, report, Void.class);
    }

    public RouterReporter start() {
        long millis = INTERVAL.toMillis();
        scheduler.scheduleAtFixedRate(this::reportSafely, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private void reportSafely() {
        try {
            reportOnce();
        } catch (RuntimeException e) {
            log.warn("router report failed router={} error={}", router.name(), e.toString());
        }
    }

    /** Takes the interval since the last call and sends it; runs on one thread at a time. */
    synchronized void reportOnce() {
        long to = clock.millis();
        List<SplitState> trips = router.liveTable().splits().stream()
                .filter(SplitState::tripToReport)
                .toList();
        RouterReport report = new RouterReport(router.name(), from, to, samples(trips));
        from = to;
        if (report.samples().isEmpty()) return;
        try {
            sink.send(report);
            trips.forEach(SplitState::tripReported);
            if (outage) log.info("router reports delivered again router={}", router.name());
            outage = false;
        } catch (IOException | RuntimeException e) {
            if (!outage)
                log.warn(
                        "router report not delivered, dropping intervals until it is router={} error={}",
                        router.name(),
                        e.toString());
            outage = true;
        }
    }

    private List<RouterReport.Sample> samples(List<SplitState> trips) {
        Set<Upstream> current = new LinkedHashSet<>(router.liveTable().upstreams());
        Set<Upstream> all = new LinkedHashSet<>(current);
        all.addAll(previous);
        previous = new HashSet<>(current);
        List<RouterReport.Sample> samples = new ArrayList<>();
        for (Upstream u : all) {
            var b = u.backend();
            boolean tripped = trips.stream().anyMatch(t -> t.app.equals(u.app) && t.isCanary(b.release()));
            RouterReport.Sample s = u.interval.take(u.app, b.release(), b.id(), tripped);
            if (s != null) samples.add(s);
        }
        return samples;
    }
}
