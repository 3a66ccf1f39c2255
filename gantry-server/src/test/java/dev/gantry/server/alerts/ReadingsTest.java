package dev.gantry.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.AgentReport;
import dev.gantry.api.HistoryEvent;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.RouterReport;
import dev.gantry.api.alerts.Metric;
import dev.gantry.server.ManualClock;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.analysis.Traffic;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.store.Redis;
import dev.gantry.server.store.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each metric measured from fake agent reports and history on a real Redis. */
class ReadingsTest {
    @TempDir
    Path dir;

    private TestRedis server;
    private Redis redis;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private Fleet fleet;
    private AppStore store;
    private Readings readings;

    @BeforeEach
    void start() throws Exception {
        server = TestRedis.primary(dir);
        redis = new Redis(server.uri());
        fleet = new Fleet(redis, clock);
        store = new AppStore(redis);
        readings = new Readings(new SharedFleet(redis), new SharedTraffic(redis, clock), store, clock);
    }

    @AfterEach
    void stop() throws Exception {
        redis.close();
        server.close();
    }

    @Test
    void memoryIsAShareOfTheInstancesLimitOrElseOfTheHost() {
        InstanceStatus limited = status("web-1", InstanceState.READY, 600, 1000);
        InstanceStatus unlimited = status("web-2", InstanceState.READY, 400, 0);
        fleet.report(new AgentReport("h1", "a", "u", 0, 0, List.of(limited, unlimited), 10, 500, 2000));

        readings.refresh();
        assertThat(readings.of(Metric.MEMORY, Metric.Scope.INSTANCE))
                .extracting(Reading::subject, Reading::group, Reading::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("web-1", "web", 60.0),
                        org.assertj.core.groups.Tuple.tuple("web-2", "web", 20.0));
        assertThat(readings.of(Metric.MEMORY, Metric.Scope.HOST))
                .extracting(Reading::subject, Reading::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("h1", 25.0));
    }

    @Test
    void anInstanceNotReadyIsDownAndAHostSilentFor15SecondsIsDown() {
        place("web-1", false);
        place("web-2", false);
        place("web-3", true);
        fleet.report(new AgentReport(
                "h1",
                "a",
                "u",
                0,
                0,
                List.of(
                        status("web-1", InstanceState.READY, 1, 0),
                        status("web-2", InstanceState.CRASH_LOOP, 1, 0),
                        status("web-3", InstanceState.STOPPING, 1, 0),
                        status("web-4", InstanceState.STOPPING, 1, 0)),
                10,
                1,
                2));
        readings.refresh();
        assertThat(readings.of(Metric.INSTANCE_DOWN, Metric.Scope.INSTANCE))
                .extracting(Reading::subject, Reading::value)
                .as("web-3 is drained by a deployment and web-4 no longer placed: stopped on purpose, not down")
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("web-1", 0.0),
                        org.assertj.core.groups.Tuple.tuple("web-2", 1.0));
        assertThat(readings.of(Metric.HOST_DOWN, Metric.Scope.HOST))
                .extracting(Reading::value)
                .containsExactly(0.0);
        clock.advance(Duration.ofSeconds(16));
        assertThat(readings.of(Metric.HOST_DOWN, Metric.Scope.HOST))
                .extracting(Reading::value)
                .containsExactly(1.0);
    }

    @Test
    void anAppsErrorRateIsTheSameOnAControlPlaneTheRouterDoesNotReportTo() {
        fleet.report(new AgentReport(
                "h1",
                "a",
                "u",
                0,
                0,
                List.of(status("web-1", InstanceState.READY, 1, 0), status("web-2", InstanceState.READY, 1, 0)),
                10,
                1,
                2));
        Traffic reportedTo = new Traffic(clock);
        SharedTraffic shared = new SharedTraffic(redis, clock);
        reportedTo.onReport((report, latencies) -> shared.record(report));
        clock.advance(Duration.ofMillis(300));
        reportedTo.accept(new RouterReport(
                "edge",
                clock.millis() - 1000,
                clock.millis(),
                List.of(
                        new RouterReport.Sample("web", 1, "web-1", 60, 4, 2, null, false),
                        new RouterReport.Sample("web", 1, "web-2", 40, 4, 0, null, false),
                        new RouterReport.Sample("web", 7, "web-9", 50, 50, 0, null, false))));
        clock.advance(Duration.ofMillis(400));

        readings.refresh();
        assertThat(readings.of(Metric.ERROR_RATE, Metric.Scope.APP))
                .extracting(Reading::group, Reading::value)
                .as("10 of web's 100 requests on release 1 failed; release 7 runs nowhere and does not count")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web", 10.0));
        clock.advance(Readings.ERROR_WINDOW);
        assertThat(readings.of(Metric.ERROR_RATE, Metric.Scope.APP))
                .extracting(Reading::value)
                .containsExactly(0.0);
        clock.advance(SharedTraffic.KEEP);
        readings.of(Metric.ERROR_RATE, Metric.Scope.APP);
        assertThat(redis.sync().hlen("gantry:traffic:web"))
                .as("counts older than the window and its slack are removed")
                .isZero();
    }

    @Test
    void aCanaryAbortedOrRolledBackByGantryCountsForAMinuteAndAManualRollbackDoesNot() {
        store.record(new HistoryEvent(clock.millis(), "shop", "alice", "rollback", "to release 3"));
        assertThat(readings.of(Metric.CANARY_ABORTED, Metric.Scope.APP)).isEmpty();
        store.record(new HistoryEvent(clock.millis(), "shop", "gantry", "rollback", "all traffic back on release 3"));
        assertThat(readings.of(Metric.CANARY_ABORTED, Metric.Scope.APP))
                .extracting(Reading::group, Reading::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("shop", 1.0));
        clock.advance(Duration.ofSeconds(61));
        assertThat(readings.of(Metric.CANARY_ABORTED, Metric.Scope.APP)).isEmpty();
    }

    private void place(String id, boolean draining) {
        store.put(new dev.gantry.server.apps.Placement(
                new dev.gantry.api.InstanceSpec(id, "web", 1, "./web", "/health", java.util.Map.of(), 5),
                "h1",
                draining,
                clock.millis()));
    }

    private static InstanceStatus status(String id, InstanceState state, long memory, long limit) {
        return new InstanceStatus(
                id, "web", 1, "h1", "a", 1, 1, state, 0, 0, null, 1, memory, null, limit, memory, 0, 0);
    }
}
