package dev.gantry.server.analysis;

import dev.gantry.api.RouterReport;
import dev.gantry.api.canary.Arm;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the routers saw of each app's releases, kept in memory for the canary judge: per app and release,
 * one bucket per second of the last {@link #RETENTION}, adding up every router's reports (requests,
 * errors, a latency histogram). A report counts in the second it arrived in, by this control plane's
 * clock, so routers' clocks need not agree with it. Thread-safe. Trips that reports carry go to the
 * {@link TripListener}s, on the reporting thread.
 */
public final class Traffic {
    public static final Duration RETENTION = Duration.ofMinutes(15);
    private static final Logger log = LoggerFactory.getLogger(Traffic.class);

    /** A router took a canary's share away by itself (an error burst). */
    @FunctionalInterface
    public interface TripListener {
        void tripped(String app, int release, String router);
    }

    /** Told of every report once it counted, with its samples' latency histograms (null where none). */
    @FunctionalInterface
    public interface ReportListener {
        void accepted(RouterReport report, List<Histogram> latencies);
    }

    private final List<ReportListener> reportListeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final ConcurrentHashMap<Key, TrafficSeries> series = new ConcurrentHashMap<>();
    private final List<TripListener> listeners = new CopyOnWriteArrayList<>();
    private volatile long lastPruneSecond;

    public Traffic(Clock clock) {
        if (clock == null) throw new IllegalArgumentException("clock: must not be null");
        this.clock = clock;
    }

    /**
     * Adds a router's report to the current second. Every sample is checked first (IllegalArgumentException
     * naming {@code samples[i].field}), so a bad report adds nothing.
     */
    public void accept(RouterReport report) {
        List<Histogram> latencies = decode(report.samples());
        long second = Math.floorDiv(clock.millis(), 1000);
        Set<Key> trips = new LinkedHashSet<>();
        for (int i = 0; i < report.samples().size(); i++) {
            RouterReport.Sample s = report.samples().get(i);
            Key key = new Key(s.app(), s.release());
            long requests = s.requests();
            long errors = Math.min(requests, s.errors() + s.connectFailures());
            series.computeIfAbsent(key, k -> new TrafficSeries()).add(second, requests, errors, latencies.get(i));
            if (s.tripped()) trips.add(key);
        }
        trips.forEach(k -> tripped(k, report.router()));
        prune(second);
        for (ReportListener l : reportListeners) {
            try {
                l.accepted(report, latencies);
            } catch (RuntimeException e) {
                log.warn("report listener failed router={} error={}", report.router(), e.toString());
            }
        }
    }

    /**
     * What {@code release} of {@code app} did in {@code [fromMillis, toMillis)} (the seconds that start in it,
     * within the last {@link #RETENTION}): requests, errors (5xx and connection failures), and at most
     * {@link Arm#MAX_SAMPLE} latencies in milliseconds standing for the period's merged histogram. CPU and
     * memory are null: the agents report those.
     */
    public Arm arm(String app, int release, long fromMillis, long toMillis) {
        if (toMillis < fromMillis)
            throw new IllegalArgumentException("toMillis: must be >= fromMillis (" + fromMillis + "), was " + toMillis);
        TrafficSeries s = series.get(new Key(app, release));
        if (s == null) return new Arm(0, 0);
        long now = Math.floorDiv(clock.millis(), 1000);
        long first = Math.max(Math.ceilDiv(fromMillis, 1000), now - TrafficSeries.SECONDS + 1);
        long end = Math.min(Math.ceilDiv(toMillis, 1000), now + 1);
        TrafficSeries.Totals t = s.totals(first, end);
        return new Arm(
                t.requests(),
                Math.min(t.errors(), t.requests()),
                LatencyHistogram.sampleMillis(t.latency(), Arm.MAX_SAMPLE),
                null,
                null);
    }

    /** Calls {@code listener} for every trip a report carries from now on. */
    public void onTrip(TripListener listener) {
        if (listener == null) throw new IllegalArgumentException("listener: must not be null");
        listeners.add(listener);
    }

    /** Calls {@code listener} for every report accepted from now on (the series store). */
    public void onReport(ReportListener listener) {
        if (listener == null) throw new IllegalArgumentException("listener: must not be null");
        reportListeners.add(listener);
    }

    private static List<Histogram> decode(List<RouterReport.Sample> samples) {
        List<Histogram> out = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            String latency = samples.get(i).latency();
            out.add(latency == null ? null : LatencyHistogram.decode(latency, "samples[" + i + "].latency"));
        }
        return out;
    }

    private void tripped(Key key, String router) {
        log.warn("router tripped a canary app={} release={} router={}", key.app(), key.release(), router);
        for (TripListener l : listeners) {
            try {
                l.tripped(key.app(), key.release(), router);
            } catch (RuntimeException e) {
                log.warn("trip listener failed app={} release={} error={}", key.app(), key.release(), e.toString());
            }
        }
    }

    /** Once a minute, forgets the releases nothing was reported for in the retention period. */
    private void prune(long second) {
        if (second - lastPruneSecond < 60) return;
        lastPruneSecond = second;
        series.values().removeIf(s -> s.lastSecond() <= second - TrafficSeries.SECONDS);
    }

    private record Key(String app, int release) {}
}
