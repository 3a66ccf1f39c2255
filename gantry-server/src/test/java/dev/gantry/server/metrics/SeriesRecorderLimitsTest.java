package dev.gantry.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.gantry.api.RouterReport;
import dev.gantry.server.ManualClock;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.junit.jupiter.api.Test;

/** What one router report can make the series recorder allocate. */
class SeriesRecorderLimitsTest {
    /**
     * 1,000 instances each with one latency near the top of the accepted range (2^40 µs): merging each into a
     * plain Histogram gave every subject a counts array wide enough for it, about 270 KB (1.36 GB for the
     * 5,000 samples a report may hold).
     */
    @Test
    void mergingWideHistogramsAllocatesWhatTheirValuesNeed() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));
        SeriesStore store = new SeriesStore(clock, SeriesSettings.DEFAULT, MinuteStore.none(SeriesSettings.DEFAULT));
        SeriesRecorder recorder = new SeriesRecorder(store, clock);
        List<RouterReport.Sample> samples = new ArrayList<>();
        List<Histogram> latencies = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            samples.add(new RouterReport.Sample("web", 2, "web-2-" + i, 1, 0, 0, "unused", false));
            PackedHistogram h = new PackedHistogram(1, 1L << 40, 3);
            h.recordValue((1L << 40) - 1);
            latencies.add(h);
        }
        RouterReport report = new RouterReport("edge-1", 0, 1000, samples);
        recorder.router(report, latencies); // the series and their rings exist: not measured
        long before = allocated();
        recorder.router(report, latencies);
        assertThat(allocated() - before).isLessThan(64L << 20);
    }

    private static long allocated() {
        return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
