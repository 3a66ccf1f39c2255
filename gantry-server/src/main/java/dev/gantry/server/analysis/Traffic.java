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
import java.util.function.Predicate;
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

    /** Told of every report once it counted, with the samples that counted (see {@link #accepting}) and their latency histograms (null where none). */
    @FunctionalInterface
    public interface ReportListener {
        void accepted(RouterReport report, List<Histogram> latencies);
    }

    private final List<ReportListener> reportListeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final ConcurrentHashMap<Key, TrafficSeries> series = new ConcurrentHashMap<>();
    private final List<TripListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Predicate<RouterReport.Sample> known = sample -> true;
    private volatile long lastPruneSecond;

    public Traffic(Clock clock) {
        if (clock == null) throw new IllegalArgumentException("clock: must not be null");
        this.clock = clock;
    }

    /**
     * From now on a sample counts (for the judge, for the report listeners, and its trip) only when {@code known}
     * says a route has its app, release and instance; the others are ignored. The server passes its route
     * table: without it, a router credential could make it keep a 15-minute series (about 30 KB) for every
     * made-up app it names, and fill the series store with made-up instances, 5,000 a report.
     */
    public void accepting(Predicate<RouterReport.Sample> known) {
        if (known == null) throw new IllegalArgumentException("known: must not be null");
        this.known = known;
    }

    /** How many app releases have a series. */
    int series() {
        return series.size();
    }

    /**
     * Adds a router's report to the current second. Every sample is checked first (IllegalArgumentException
     * naming {@code samples[i].field}), so a bad report adds nothing.
     */
    public void accept(RouterReport report) {
        List<Histogram> latencies = decode(report.samples());
        long second = Math.floorDiv(clock.millis(), 1000);
        Set<Key> trips = new LinkedHashSet<>();
        List<RouterReport.Sample> kept = new ArrayList<>(report.samples().size());
        List<Histogram> keptLatencies = new ArrayList<>(report.samples().size());
        for (int i = 0; i < report.samples().size(); i++) {
            RouterReport.Sample s = report.samples().get(i);
            Key key = new Key(s.app(), s.release());
            if (!known.test(s)) continue;
            kept.add(s);
            keptLatencies.add(latencies.get(i));
            long requests = s.requests();
            long errors = Math.min(requests, TrafficSeries.plus(s.errors(), s.connectFailures()));
            series.computeIfAbsent(key, k -> new TrafficSeries()).add(second, requests, errors, latencies.get(i));
            if (s.tripped()) trips.add(key);
        }
        trips.forEach(k -> tripped(k, report.router()));
        prune(second);
        RouterReport accepted = kept.size() == report.samples().size()
                ? report
                : new RouterReport(report.router(), report.from(), report.to(), kept);
        for (ReportListener l : reportListeners) {
            try {
                l.accepted(accepted, keptLatencies);
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

    /**
     * The samples' histograms: every header is checked first, and their payloads together may hold at most
     * {@link LatencyHistogram#MAX_REPORT_PAYLOAD_BYTES}, before any is decoded.
     */
    private static List<Histogram> decode(List<RouterReport.Sample> samples) {
        List<LatencyHistogram.Checked> checked = new ArrayList<>(samples.size());
        long payload = 0;
        for (int i = 0; i < samples.size(); i++) {
            String latency = samples.get(i).latency();
            LatencyHistogram.Checked c = latency == null ? null : LatencyHistogram.check(latency, field(i));
            if (c != null) payload += c.payloadBytes();
            if (payload > LatencyHistogram.MAX_REPORT_PAYLOAD_BYTES)
                throw LatencyHistogram.bad(
                        field(i),
                        "payloads of at most " + LatencyHistogram.MAX_REPORT_PAYLOAD_BYTES
                                + " bytes in all over a report, reached " + payload);
            checked.add(c);
        }
        List<Histogram> out = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            LatencyHistogram.Checked c = checked.get(i);
            out.add(c == null ? null : LatencyHistogram.decode(c, field(i)));
        }
        return out;
    }

    private static String field(int i) {
        return "samples[" + i + "].latency";
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
