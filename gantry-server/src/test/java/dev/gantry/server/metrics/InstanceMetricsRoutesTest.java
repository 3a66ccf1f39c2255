package dev.gantry.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceMetrics;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.server.ManualClock;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.metrics.Subject.Scope;
import dev.gantry.server.store.Redis;
import dev.gantry.server.store.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code gantry top} is given: each live instance's state and latest complete seconds. */
class InstanceMetricsRoutesTest {
    static TestRedis server;
    static Redis redis;
    final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    Fleet fleet;
    SeriesStore store;
    InstanceMetricsRoutes routes;

    @BeforeAll
    static void startRedis(@TempDir Path dir) throws Exception {
        server = TestRedis.primary(dir);
        redis = new Redis(server.uri());
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
        server.close();
    }

    @BeforeEach
    void empty() {
        redis.sync().flushall();
        fleet = new Fleet(redis, clock);
        store = SeriesStore.create(clock, SeriesSettings.DEFAULT, null);
        fleet.onReport(new SeriesRecorder(store, clock)::agent);
        routes = new InstanceMetricsRoutes(store, fleet, clock);
    }

    @Test
    void eachLiveInstanceHasItsNewestCpuAndMemoryAndItsMeanRatesOverTheLastSeconds() {
        fleet.report(report("h1", status("web-1", "web", InstanceState.READY, 80, 100L << 20)));
        for (int s = 0; s < 5; s++) {
            store.add(new Subject(Scope.INSTANCE, "web-1"), Metric.REQUESTS, 10);
            store.add(new Subject(Scope.INSTANCE, "web-1"), Metric.ERRORS, 1);
            store.max(new Subject(Scope.INSTANCE, "web-1"), Metric.P99, 20 + s);
            clock.advance(Duration.ofSeconds(1));
        }
        fleet.report(report("h1", status("web-1", "web", InstanceState.READY, 95, 120L << 20)));
        clock.advance(Duration.ofSeconds(1));

        assertThat(routes.instances(null)).singleElement().satisfies(i -> {
            assertThat(i.instance()).isEqualTo("web-1");
            assertThat(i.host()).isEqualTo("h1");
            assertThat(i.state()).isEqualTo(InstanceState.READY);
            assertThat(i.cpuPercent()).isEqualTo(95.0);
            assertThat(i.memoryBytes()).isEqualTo(120L << 20);
            assertThat(i.requestsPerSec()).isEqualTo(8.0); // seconds 1-4 of the window had 10 each, the 5th none
            assertThat(i.errorsPerSec()).isEqualTo(0.8);
            assertThat(i.p99Millis()).isEqualTo(24.0);
            assertThat(i.second()).isEqualTo(clock.millis() - 1000);
        });
    }

    @Test
    void theAppFilterAndTheLivenessOfAgentsChooseTheInstances() {
        fleet.report(report("h1", status("web-1", "web", InstanceState.READY, 1, 1)));
        clock.advance(InstanceMetricsRoutes.LIVE.plusSeconds(1));
        fleet.report(report(
                "h2",
                status("web-2", "web", InstanceState.STARTING, 1, 1),
                status("api-1", "api", InstanceState.READY, 1, 1)));

        assertThat(routes.instances(null)).extracting(InstanceMetrics::instance).containsExactly("api-1", "web-2");
        assertThat(routes.instances("web"))
                .extracting(InstanceMetrics::instance)
                .containsExactly("web-2");
        assertThat(routes.instances("nope")).isEmpty();
    }

    @Test
    void anInstanceWithoutSamplesHasNoCpuNoMemoryAndNoLatency() {
        store = SeriesStore.create(clock, SeriesSettings.DEFAULT, null); // the recorder writes elsewhere
        routes = new InstanceMetricsRoutes(store, fleet, clock);
        fleet.report(report("h1", status("web-1", "web", InstanceState.STARTING, 5, 5)));

        assertThat(routes.instances(null)).singleElement().satisfies(i -> {
            assertThat(i.cpuPercent()).isNull();
            assertThat(i.memoryBytes()).isNull();
            assertThat(i.p99Millis()).isNull();
            assertThat(i.requestsPerSec()).isZero();
        });
    }

    private AgentReport report(String host, InstanceStatus... instances) {
        return new AgentReport(
                host, "127.0.0.1", "http://127.0.0.1:7071", clock.millis(), 1, List.of(instances), 1.0, 1, 2);
    }

    private static InstanceStatus status(String id, String app, InstanceState state, double cpu, long rss) {
        return new InstanceStatus(id, app, 1, "h", "127.0.0.1", 9000, 1, state, 0, 1, "", cpu, rss);
    }
}
