package dev.gantry.proxy;

import dev.gantry.api.Backend;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One backend as the router sees it at run time: health, load, counters, its idle connections and
 * its open WebSockets.
 */
final class Upstream {
    static final int FAILURES_TO_EJECT = 2;

    final String app;
    final ConnectionPool pool;
    final AtomicInteger outstanding = new AtomicInteger();
    final AtomicBoolean probing = new AtomicBoolean();
    /** What it did since the last report to the control plane. */
    final IntervalCounts interval = new IntervalCounts();

    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final Set<Tunnel> tunnels = ConcurrentHashMap.newKeySet();
    private final LongAdder webSocketsTotal = new LongAdder();
    private final LongAdder upgradesRefused = new LongAdder();
    private volatile boolean draining;
    private volatile long drainDeadlineNanos;
    private volatile Backend backend;
    private volatile String healthPath;
    private volatile boolean healthy = true;
    private volatile boolean retired;
    private int consecutiveFailures;

    Upstream(String app, Backend backend, String healthPath, BackendConnector connector, int maxIdlePerLoop) {
        this.app = app;
        this.backend = backend;
        this.healthPath = healthPath;
        this.pool = new ConnectionPool(this, connector, maxIdlePerLoop);
    }

    static String key(String app, Backend b) {
        return app + '|' + b.id() + '|' + b.host() + '|' + b.port();
    }

    Backend backend() {
        return backend;
    }

    String healthPath() {
        return healthPath;
    }

    void refresh(Backend b, String path) {
        this.backend = b;
        this.healthPath = path;
    }

    boolean healthy() {
        return healthy;
    }

    boolean retired() {
        return retired;
    }

    void retire() {
        retired = true;
        pool.closeIdle();
    }

    /** Back in the table while its WebSockets still drain: it takes requests again. */
    void revive() {
        retired = false;
    }

    void tunnelOpened(Tunnel t) {
        tunnels.add(t);
        webSocketsTotal.increment();
        if (draining) t.closeAt(drainDeadlineNanos);
    }

    void tunnelClosed(Tunnel t) {
        tunnels.remove(t);
    }

    boolean hasTunnels() {
        return !tunnels.isEmpty();
    }

    /** The backend answered a WebSocket handshake with something other than 101. */
    void upgradeRefused() {
        upgradesRefused.increment();
    }

    /**
     * Open WebSockets (and those opening from now on) close at {@code deadlineNanos} unless
     * {@link #keepTunnels()} comes first. While already draining, the first deadline stands.
     */
    void drainTunnels(long deadlineNanos) {
        if (draining) return;
        drainDeadlineNanos = deadlineNanos;
        draining = true;
        tunnels.forEach(t -> t.closeAt(deadlineNanos));
    }

    /** Cancels a drain: the backend is in the table again with a weight. */
    void keepTunnels() {
        if (!draining) return;
        draining = false;
        tunnels.forEach(Tunnel::keepOpen);
    }

    /** Passive ejection: out of rotation until the next successful probe. */
    void eject() {
        healthy = false;
    }

    /** Called from the health checker's thread only. */
    synchronized void probeResult(boolean ok) {
        if (ok) {
            consecutiveFailures = 0;
            healthy = true;
        } else if (++consecutiveFailures >= FAILURES_TO_EJECT) {
            healthy = false;
        }
    }

    void attemptStarted() {
        requests.increment();
        outstanding.incrementAndGet();
    }

    /**
     * An attempt ended after {@code nanos}: {@code outcome} is the answer's status, {@link
     * IntervalCounts#NO_ANSWER}, or {@link IntervalCounts#ABANDONED} (the client left: counted in no
     * report). The outcome also goes to its split's error-burst windows. An attempt not {@code judged}
     * (the tester's header placed it) counts in the backend's own statistics only.
     */
    void attemptEnded(int outcome, long nanos, SplitState split, boolean judged) {
        outstanding.decrementAndGet();
        boolean failed = outcome == IntervalCounts.NO_ANSWER || outcome >= 500;
        if (failed) errors.increment();
        if (outcome == IntervalCounts.ABANDONED || !judged) return;
        interval.ended(outcome, nanos);
        if (split != null) split.ended(backend.release(), failed);
    }

    void recordLatency(long nanos) {
        latency.record(nanos);
    }

    BackendStats stats() {
        Backend b = backend;
        long[] counts = latency.counts();
        return new BackendStats(
                app,
                b.id(),
                b.address(),
                b.release(),
                b.weight(),
                healthy,
                requests.sum(),
                errors.sum(),
                outstanding.get(),
                LatencyHistogram.percentileMillis(counts, 0.50),
                LatencyHistogram.percentileMillis(counts, 0.90),
                LatencyHistogram.percentileMillis(counts, 0.99),
                counts,
                latency.sumSeconds(),
                tunnels.size(),
                webSocketsTotal.sum(),
                upgradesRefused.sum());
    }
}
