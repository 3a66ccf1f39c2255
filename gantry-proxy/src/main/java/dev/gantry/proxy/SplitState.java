package dev.gantry.proxy;

import dev.gantry.api.Route;
import dev.gantry.api.Strategy;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run-time state of one app's canary split: the split itself, the canary's error-burst window and
 * whether the router tripped it. It lives as long as the split is unchanged: a new route table with the
 * same split (an unrelated change) keeps it, so a tripped canary stays tripped; a changed split (a new
 * weight, a new release) starts afresh.
 */
final class SplitState {
    private static final Logger log = LoggerFactory.getLogger(SplitState.class);

    final String app;
    final Route.CanarySplit split;
    private final BurstWindow window = new BurstWindow();
    private final BurstWindow stableWindow = new BurstWindow();
    private volatile boolean tripped;
    /** A trip not yet delivered in a report; cleared only when a report carrying it was accepted. */
    private final AtomicBoolean tripToReport = new AtomicBoolean();

    SplitState(String app, Route.CanarySplit split) {
        this.app = app;
        this.split = split;
    }

    boolean isCanary(int release) {
        return release == split.release();
    }

    /** Percent of requests the canary gets now: the split's weight, 0 once tripped. */
    int weight() {
        return tripped ? 0 : split.weight();
    }

    boolean tripped() {
        return tripped;
    }

    /**
     * One request of the split ended on {@code release} ({@code failed}: a 5xx answer or no answer at all).
     * With an error burst set, trips the split when, over the last second and at least
     * {@link Strategy.Analysis#BURST_MIN_REQUESTS} canary requests, the canary's share of failures exceeds
     * stable's by the burst's points. Against stable's, not absolute: requests that fail on every release (a
     * bad input, a broken dependency) land on both sides in proportion, so a client sending them cannot
     * trip a healthy canary. With no stable request in the window, stable counts as 0% (the absolute rule): a
     * client whose first five requests of a second all drew the canary (probability (weight/100)^5) still can.
     */
    void ended(int release, boolean failed) {
        if (split.errorBurst() == 0 || tripped) return;
        long now = System.nanoTime();
        if (!isCanary(release)) {
            stableWindow.record(now, failed);
            return;
        }
        BurstWindow.Totals t = window.record(now, failed);
        if (t.requests() < Strategy.Analysis.BURST_MIN_REQUESTS) return;
        BurstWindow.Totals s = stableWindow.totals(now);
        long stableFailures = s.requests() == 0 ? 0 : s.failures();
        long stableRequests = s.requests() == 0 ? 1 : s.requests();
        // canary failures / requests - stable failures / requests >= errorBurst / 100, without division
        if ((t.failures() * stableRequests - stableFailures * t.requests()) * 100L
                < (long) split.errorBurst() * t.requests() * stableRequests) return;
        synchronized (this) {
            if (tripped) return;
            tripped = true;
        }
        tripToReport.set(true);
        log.warn(
                "canary tripped, its share goes to stable until the split changes app={} release={} failures={}"
                        + " requests={} stableFailures={} stableRequests={} window=1s errorBurst={}%",
                app, split.release(), t.failures(), t.requests(), s.failures(), s.requests(), split.errorBurst());
    }

    /** Whether a trip waits to be reported. */
    boolean tripToReport() {
        return tripToReport.get();
    }

    /** A report carrying the trip was accepted. */
    void tripReported() {
        tripToReport.set(false);
    }

    /** Key under which a table update finds this state again: the app and its split, by value. */
    record Key(String app, Route.CanarySplit split) {}
}
