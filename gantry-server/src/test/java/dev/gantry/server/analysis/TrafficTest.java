package dev.gantry.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.RouterReport;
import dev.gantry.api.canary.Arm;
import dev.gantry.server.ManualClock;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class TrafficTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private final Traffic traffic = new Traffic(clock);

    @Test
    void armsAddUpEveryRouterAndInstanceOfAReleaseWithinTheWindowOnly() {
        for (int second = 0; second < 20; second++) {
            traffic.accept(report("r1", sample("web", 2, "web-2a", 10, 1, 0, micros(5_000, 10))));
            traffic.accept(report("r2", sample("web", 2, "web-2b", 10, 0, 2, micros(7_000, 10))));
            traffic.accept(report("r2", sample("web", 1, "web-1a", 100, 0, 0, micros(3_000, 100))));
            clock.advance(Duration.ofSeconds(1));
        }
        long t0 = T0.toEpochMilli();
        Arm canary = traffic.arm("web", 2, t0, t0 + 10_000);
        assertThat(canary.requests()).isEqualTo(200);
        assertThat(canary.errors()).isEqualTo(30);
        assertThat(canary.latencyMs()).hasSize(200);
        assertThat(canary.latencyMs()).filteredOn(v -> Math.abs(v - 5.0) < 0.01).hasSize(100);
        assertThat(canary.latencyMs()).filteredOn(v -> Math.abs(v - 7.0) < 0.01).hasSize(100);
        assertThat(canary.cpuPercent()).isNull();
        assertThat(canary.memoryBytes()).isNull();

        Arm lastFive = traffic.arm("web", 2, t0 + 15_000, t0 + 20_000);
        assertThat(lastFive.requests()).isEqualTo(100);
        Arm stable = traffic.arm("web", 1, t0, t0 + 20_000);
        assertThat(stable.requests()).isEqualTo(2000);
        assertThat(stable.latencyMs())
                .hasSize(Arm.MAX_SAMPLE)
                .allSatisfy(v -> assertThat(v).isCloseTo(3.0, within()));
        assertThat(traffic.arm("web", 3, t0, t0 + 20_000)).isEqualTo(new Arm(0, 0));
        assertThat(traffic.arm("shop", 2, t0, t0 + 20_000)).isEqualTo(new Arm(0, 0));
    }

    @Test
    void aLargeWindowIsSampledAtEvenlySpacedQuantilesOfItsMergedHistogram() {
        Histogram h = new Histogram(3);
        for (int v = 1; v <= 10_000; v++) h.recordValue(v * 100L); // 0.1 ms .. 1000 ms, uniform
        traffic.accept(report("r1", sample("web", 2, "i", 10_000, 0, 0, encode(h))));
        long t0 = T0.toEpochMilli();
        List<Double> sample = traffic.arm("web", 2, t0, t0 + 1000).latencyMs();
        assertThat(sample).hasSize(1000).isSorted();
        assertThat(sample.get(0)).isCloseTo(0.6, within());
        assertThat(sample.get(499)).isCloseTo(499.6, offset(0.5));
        assertThat(sample.get(999)).isCloseTo(999.5, offset(1.0));
        assertThat(traffic.arm("web", 2, t0, t0 + 1000).latencyMs()).isEqualTo(sample);
    }

    @Test
    void bucketsOlderThanFifteenMinutesAreGone() {
        long t0 = T0.toEpochMilli();
        traffic.accept(report("r1", sample("web", 2, "i", 7, 0, 0, null)));
        clock.advance(Duration.ofMinutes(14));
        assertThat(traffic.arm("web", 2, t0, clock.millis()).requests()).isEqualTo(7);
        clock.advance(Duration.ofMinutes(1));
        traffic.accept(report("r1", sample("web", 2, "i", 3, 0, 0, null)));
        assertThat(traffic.arm("web", 2, t0, clock.millis() + 1000).requests()).isEqualTo(3);
        assertThat(traffic.arm("web", 2, 0, Long.MAX_VALUE).requests()).isEqualTo(3);
    }

    @Test
    void aTripInAReportCallsTheListenersOncePerAppAndRelease() {
        List<String> trips = new ArrayList<>();
        traffic.onTrip((app, release, router) -> trips.add(app + "/" + release + "@" + router));
        traffic.onTrip((app, release, router) -> {
            throw new IllegalStateException("a broken listener does not stop the others");
        });
        RouterReport.Sample a = new RouterReport.Sample("web", 2, "web-2a", 9, 6, 0, null, true);
        RouterReport.Sample b = new RouterReport.Sample("web", 2, "web-2b", 9, 6, 0, null, true);
        traffic.accept(new RouterReport("edge-1", 0, 1000, List.of(a, b, sample("web", 1, "x", 1, 0, 0, null))));
        assertThat(trips).containsExactly("web/2@edge-1");
    }

    @Test
    void aReportWithABadHistogramAddsNothingAndNamesTheSample() {
        long t0 = T0.toEpochMilli();
        String bomb =
                Base64.getEncoder().encodeToString(new byte[] {0x1c, (byte) 0x84, (byte) 0x93, 0x14, 0, 0, 0, 1, 0});
        for (String bad : List.of("%%%", "AAAA", bomb, hugeRange())) {
            assertThatThrownBy(() -> traffic.accept(report(
                            "r1",
                            sample("web", 2, "a", 5, 0, 0, micros(1000, 5)),
                            sample("web", 2, "b", 5, 0, 0, bad))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("samples[1].latency: must be an HdrHistogram");
        }
        assertThat(traffic.arm("web", 2, t0, t0 + 1000)).isEqualTo(new Arm(0, 0));
    }

    private static String hugeRange() {
        Histogram h = new Histogram(1, Long.MAX_VALUE / 4, 3);
        h.recordValue(5);
        return encode(h);
    }

    private static RouterReport report(String router, RouterReport.Sample... samples) {
        return new RouterReport(router, 0, 1000, Arrays.asList(samples));
    }

    private static RouterReport.Sample sample(
            String app, int release, String instance, long requests, long errors, long failures, String latency) {
        return new RouterReport.Sample(app, release, instance, requests, errors, failures, latency, false);
    }

    /** {@code count} latencies of {@code value} microseconds, encoded as a router sends them. */
    static String micros(long value, int count) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(value, count);
        return encode(h);
    }

    static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return offset(0.01);
    }

    private static org.assertj.core.data.Offset<Double> offset(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }
}
