package dev.gantry.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.RouterReport;
import dev.gantry.server.ManualClock;
import dev.gantry.server.metrics.SeriesStore.Step;
import dev.gantry.server.metrics.Subject.Scope;
import dev.gantry.server.store.Redis;
import dev.gantry.server.store.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesStoreTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T00:00:00Z"));

    @Test
    void memoryStaysFlatThroughHoursOfSamplesWhileReleasesComeAndGo() {
        SeriesStore store = new SeriesStore(clock, SeriesSettings.DEFAULT, MinuteStore.none(SeriesSettings.DEFAULT));
        SeriesRecorder recorder = new SeriesRecorder(store, clock);
        long[] floatsAtHour = new long[7];
        int[] sizeAtHour = new int[7];
        for (int second = 0; second < 6 * 3600; second++) {
            int release = 1 + second / 600; // a new release every ten minutes: five new instance ids
            recorder.agent(agentReport("h1", "web", release, 5));
            recorder.router(routerReport("web", release, 5), latencies(5, second % 60 == 0));
            clock.advance(Duration.ofSeconds(1));
            if ((second + 1) % 3600 == 0) {
                floatsAtHour[(second + 1) / 3600] = store.retainedFloats();
                sizeAtHour[(second + 1) / 3600] = store.size();
            }
        }
        System.out.printf(
                "series store after 1..6 h: series=%s floats=%s%n",
                Arrays.toString(Arrays.copyOfRange(sizeAtHour, 1, 7)),
                Arrays.toString(Arrays.copyOfRange(floatsAtHour, 1, 7)));
        assertThat(Arrays.copyOfRange(floatsAtHour, 3, 7)).containsOnly(floatsAtHour[2]);
        assertThat(Arrays.copyOfRange(sizeAtHour, 3, 7)).containsOnly(sizeAtHour[2]);
        // each subject costs at most every metric for an hour of seconds and a day of minutes
        assertThat(floatsAtHour[6]).isLessThanOrEqualTo((long) sizeAtHour[6] * Metric.COUNT * (3600 + 1440));
        assertThat(sizeAtHour[6]).as("host, app, ~7 releases of 5 instances").isLessThan(2 + 8 * 6);
    }

    @Test
    void beyondItsCapTheStoreDropsNewSubjectsAndTakesThemAgainOnceIdleOnesExpire() {
        SeriesSettings settings = new SeriesSettings(Duration.ofMinutes(1), Duration.ofMinutes(10), 3);
        SeriesStore store = new SeriesStore(clock, settings, MinuteStore.none(settings));
        for (int i = 0; i < 5; i++) store.set(instance("i" + i), Metric.CPU, i);
        assertThat(store.size()).isEqualTo(3);
        assertThat(read(store, "i4", Metric.CPU, Step.SECOND).values()).containsOnlyNulls();

        clock.advance(Duration.ofMinutes(2));
        store.set(instance("i4"), Metric.CPU, 4);
        assertThat(store.size()).isEqualTo(1);
        assertThat(read(store, "i4", Metric.CPU, Step.SECOND).values()).contains(4.0);
    }

    @Test
    void aMinuteIsTheMeanOfItsGaugesTheSumOfItsCountsAndTheHighestOfItsPercentiles() {
        SeriesStore store = new SeriesStore(clock, SeriesSettings.DEFAULT, MinuteStore.none(SeriesSettings.DEFAULT));
        for (int s = 0; s < 61; s++) {
            store.set(instance("a"), Metric.CPU, s < 30 ? 10 : 30);
            store.add(instance("a"), Metric.REQUESTS, 2);
            store.max(instance("a"), Metric.P99, s == 7 ? 250 : 5);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(read(store, "a", Metric.CPU, Step.MINUTE).values()).contains(20.0);
        assertThat(read(store, "a", Metric.REQUESTS, Step.MINUTE).values()).contains(120.0);
        assertThat(read(store, "a", Metric.P99, Step.MINUTE).values()).contains(250.0);
        assertThat(read(store, "a", Metric.CPU, Step.SECOND).values()).contains(10.0, 30.0);
    }

    @Test
    void theMinutesOutliveTheStoreInRedis(@TempDir Path dir) throws Exception {
        try (TestRedis server = TestRedis.primary(dir);
                Redis redis = new Redis(server.uri())) {
            SeriesStore before = SeriesStore.create(clock, SeriesSettings.DEFAULT, redis);
            for (int s = 0; s < 121; s++) {
                before.set(instance("a"), Metric.MEMORY, 1_000_000);
                clock.advance(Duration.ofSeconds(1));
            }
            SeriesStore after = SeriesStore.create(clock, SeriesSettings.DEFAULT, redis);
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> read(after, "a", Metric.MEMORY, Step.MINUTE).values().stream()
                                    .filter(v -> v != null)
                                    .count()
                            == 2);
            assertThat(redis.sync().ttl(MinuteStore.PREFIX + "instance:a")).isPositive();
        }
    }

    @Test
    void aReadNamesWhatIsWrongWithIt() {
        SeriesStore store = new SeriesStore(clock, SeriesSettings.DEFAULT, MinuteStore.none(SeriesSettings.DEFAULT));
        assertThatThrownBy(() -> store.read(instance("a"), Metric.CPU, Step.SECOND, 0, clock.millis()))
                .hasMessageStartingWith("to: at most 100000 steps of 1s after from");
        assertThatThrownBy(() -> Metric.parse("cpus")).hasMessageStartingWith("metric: must be one of cpu, memory");
        assertThatThrownBy(() -> Step.parse("5s")).hasMessage("step: must be 1s or 1m, was 5s");
        assertThatThrownBy(() -> new SeriesSettings(Duration.ofSeconds(5), Duration.ofDays(1), 10))
                .hasMessageStartingWith("fineRetention: must be at least 1m");
    }

    private dev.gantry.api.MetricSeries read(SeriesStore store, String id, Metric m, Step step) {
        long now = clock.millis();
        return store.read(instance(id), m, step, now - Duration.ofMinutes(5).toMillis(), now + 1);
    }

    private static Subject instance(String id) {
        return new Subject(Scope.INSTANCE, id);
    }

    private AgentReport agentReport(String host, String app, int release, int count) {
        List<InstanceStatus> instances = new ArrayList<>();
        for (int i = 0; i < count; i++)
            instances.add(new InstanceStatus(
                    app + "-" + release + "-" + i,
                    app,
                    release,
                    host,
                    "127.0.0.1",
                    9000 + i,
                    100 + i,
                    InstanceState.READY,
                    0,
                    0,
                    null,
                    12.5,
                    50_000_000));
        return new AgentReport(
                host, "127.0.0.1", "http://127.0.0.1:1", clock.millis(), 1, instances, 40, 1 << 30, 4L << 30);
    }

    private static RouterReport routerReport(String app, int release, int count) {
        List<RouterReport.Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++)
            samples.add(new RouterReport.Sample(app, release, app + "-" + release + "-" + i, 10, 1, 0, null, false));
        return new RouterReport("edge", 0, 1000, samples);
    }

    private static List<Histogram> latencies(int count, boolean some) {
        List<Histogram> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Histogram h = null;
            if (some) {
                h = new Histogram(3);
                h.recordValue(1_500);
                h.recordValue(40_000);
            }
            out.add(h);
        }
        return out;
    }
}
