package dev.gantry.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import dev.gantry.api.RouterReport;
import dev.gantry.api.canary.Arm;
import dev.gantry.server.ManualClock;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** What a hostile or broken router credential can make {@link Traffic} hold, allocate and compute. */
class TrafficLimitsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private final ManualClock clock = new ManualClock(T0);

    /**
     * Each histogram declares the widest range accepted (1 µs to 2^40 µs at 3 digits) and holds one value: an
     * 850 KB report of 5,000 of them made the control plane allocate 1.4 GB (a full counts array each) and
     * spend seconds doing it.
     */
    @Test
    void fiveThousandWideButEmptyHistogramsDecodeIntoMemoryFollowingTheirValues() {
        Histogram h = new Histogram(1, LatencyHistogram.MAX_TRACKABLE_MICROS, 3);
        h.recordValue(5);
        String wide = TrafficTest.encode(h);
        List<RouterReport.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 5000; i++) samples.add(new RouterReport.Sample("web", 2, "i" + i, 1, 0, 0, wide, false));
        Traffic traffic = new Traffic(clock);
        long before = allocated();
        traffic.accept(new RouterReport("edge-1", 0, 1000, samples));
        assertThat(allocated() - before).isLessThan(200L << 20);
        assertThat(traffic.arm("web", 2, T0.toEpochMilli(), T0.toEpochMilli() + 1000)
                        .latencyMs())
                .hasSize(1000);
    }

    /** Histograms dense over the whole range: their payloads together are what a report may make the server hold. */
    @Test
    void aReportWhoseHistogramsTogetherHoldTooMuchIsRefusedNamingTheSample() {
        Histogram dense = new Histogram(1, LatencyHistogram.MAX_TRACKABLE_MICROS, 3);
        for (long v = 1; v <= LatencyHistogram.MAX_TRACKABLE_MICROS; v = dense.nextNonEquivalentValue(v))
            dense.recordValue(v);
        String encoded = TrafficTest.encode(dense);
        List<RouterReport.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 1000; i++) samples.add(new RouterReport.Sample("web", 2, "i" + i, 1, 0, 0, encoded, false));
        Traffic traffic = new Traffic(clock);
        long before = allocated();
        assertThatThrownBy(() -> traffic.accept(new RouterReport("edge-1", 0, 1000, samples)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("samples[")
                .hasMessageContaining("latency: must be an HdrHistogram")
                .hasMessageContaining("in all");
        assertThat(allocated() - before).isLessThan(200L << 20);
        assertThat(traffic.arm("web", 2, 0, Long.MAX_VALUE)).isEqualTo(new Arm(0, 0));
    }

    /** Counts that add past Long.MAX_VALUE wrapped negative, and the canary judge's Arm then threw at every look. */
    @Test
    void countsThatWouldOverflowSaturate() {
        Traffic traffic = new Traffic(clock);
        RouterReport.Sample huge =
                new RouterReport.Sample("web", 2, "a", Long.MAX_VALUE, Long.MAX_VALUE, 0, null, false);
        traffic.accept(new RouterReport("edge-1", 0, 1000, List.of(huge, huge)));
        traffic.accept(new RouterReport("edge-1", 0, 1000, List.of(huge)));
        Arm arm = traffic.arm("web", 2, 0, Long.MAX_VALUE);
        assertThat(arm.requests()).isEqualTo(Long.MAX_VALUE);
        assertThat(arm.errors()).isEqualTo(Long.MAX_VALUE);
    }

    /**
     * Only instances some route has count, for the judge and for the series store the report goes on to: a
     * router credential cannot make the server keep series for made-up apps, releases or instances (5,000 a
     * report), filling the series store's cap so that real instances go unwatched.
     */
    @Test
    void samplesOfInstancesNoRouteHasAreIgnored() {
        Traffic traffic = new Traffic(clock);
        traffic.accepting(
                s -> s.app().equals("web") && s.release() == 2 && s.instance().equals("a"));
        List<RouterReport> heard = new ArrayList<>();
        traffic.onReport((report, latencies) -> heard.add(report));
        List<RouterReport.Sample> samples = new ArrayList<>();
        samples.add(new RouterReport.Sample("web", 2, "a", 10, 1, 0, TrafficTest.micros(1000, 9), false));
        samples.add(new RouterReport.Sample("web", 3, "b", 10, 1, 0, null, true));
        for (int i = 0; i < 100; i++) {
            samples.add(new RouterReport.Sample("ghost-" + i, 1, "c", 10, 0, 0, null, false));
            samples.add(new RouterReport.Sample("web", 2, "made-up-" + i, 10, 10, 0, null, true));
        }
        List<String> trips = new ArrayList<>();
        traffic.onTrip((app, release, router) -> trips.add(app + "/" + release));
        traffic.accept(new RouterReport("edge-1", 0, 1000, samples));
        assertThat(traffic.arm("web", 2, 0, Long.MAX_VALUE).requests()).isEqualTo(10);
        assertThat(traffic.arm("web", 3, 0, Long.MAX_VALUE)).isEqualTo(new Arm(0, 0));
        assertThat(traffic.arm("ghost-1", 1, 0, Long.MAX_VALUE)).isEqualTo(new Arm(0, 0));
        assertThat(traffic.series()).isEqualTo(1);
        assertThat(trips).isEmpty();
        assertThat(heard)
                .singleElement()
                .satisfies(r -> assertThat(r.samples())
                        .extracting(RouterReport.Sample::instance)
                        .containsExactly("a"));
    }

    private static long allocated() {
        return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
