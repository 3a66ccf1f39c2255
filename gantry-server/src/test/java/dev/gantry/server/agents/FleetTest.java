package dev.gantry.server.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.server.ManualClock;
import dev.gantry.server.store.Redis;
import dev.gantry.server.store.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agents' reports as the control plane keeps them, and the instance changes it tells listeners about. */
class FleetTest {
    static TestRedis server;
    static Redis redis;
    final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    final List<String> told = new ArrayList<>();
    Fleet fleet;

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
        fleet.onChange(s -> told.add(s.id() + " " + s.state()));
    }

    @Test
    void aReportTellsTheListenersOnlyOfInstancesWhoseStateMoved() {
        fleet.report(report("h1", status("a", InstanceState.STARTING), status("b", InstanceState.READY)));
        fleet.report(report("h1", status("a", InstanceState.STARTING), status("b", InstanceState.READY)));
        fleet.report(report("h1", status("a", InstanceState.READY), status("b", InstanceState.READY)));
        fleet.report(report("h2", status("c", InstanceState.CRASH_LOOP)));
        fleet.report(report("h1", status("a", InstanceState.READY)));
        fleet.report(report("h1", status("a", InstanceState.READY), status("b", InstanceState.STARTING)));

        assertThat(told).containsExactly("a STARTING", "b READY", "a READY", "c CRASH_LOOP", "b STARTING");
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheReportOrTheOthers() {
        List<String> second = new ArrayList<>();
        Fleet f = new Fleet(redis, clock);
        f.onChange(s -> {
            throw new IllegalStateException("boom");
        });
        f.onChange(s -> second.add(s.id()));

        f.report(report("h1", status("a", InstanceState.READY)));

        assertThat(second).containsExactly("a");
        assertThat(f.status("h1", "a")).map(InstanceStatus::state).hasValue(InstanceState.READY);
    }

    @Test
    void theFleetAnswersWhatRunsWhereAndWhichAgentsAreLive() {
        fleet.report(report("h1", status("a", InstanceState.READY)));
        clock.advance(Duration.ofSeconds(20));
        fleet.report(report("h2", status("b", InstanceState.STARTING)));

        assertThat(fleet.status("h2", "b")).map(InstanceStatus::state).hasValue(InstanceState.STARTING);
        assertThat(fleet.status("h1", "zz")).isEmpty();
        assertThat(fleet.agent("h1")).map(AgentReport::host).hasValue("h1");
        assertThat(fleet.agents()).extracting(AgentReport::host).containsExactlyInAnyOrder("h1", "h2");
        assertThat(fleet.live(Duration.ofSeconds(15)))
                .extracting(AgentReport::host)
                .containsExactly("h2");
        assertThat(fleet.lastSeen("h1")).isEqualTo(clock.millis() - 20_000);
    }

    @Test
    void onlyTheAgentOfTheInstancesHostSpeaksForIt() {
        fleet.report(report("h1", status("a", InstanceState.STARTING)));
        fleet.report(report("h2", status("a", InstanceState.READY))); // h2's agent names h1's instance

        assertThat(fleet.status("h1", "a")).map(InstanceStatus::state).hasValue(InstanceState.STARTING);
        assertThat(fleet.status("h2", "a")).map(InstanceStatus::state).hasValue(InstanceState.READY);
    }

    @Test
    void aRestartedControlPlaneKnowsTheLastReportsAtOnceAndTellsNoListenerAboutThem() {
        fleet.report(report("h1", status("a", InstanceState.READY)));
        told.clear();

        Fleet again = new Fleet(redis, clock);
        again.onChange(s -> told.add(s.id()));

        assertThat(again.status("h1", "a")).map(InstanceStatus::state).hasValue(InstanceState.READY);
        assertThat(redis.sync().ttl("gantry:agent:h1")).isBetween(1L, Fleet.REPORT_TTL.toSeconds());
        assertThat(told).isEmpty();
        again.report(report("h1", status("a", InstanceState.READY)));
        assertThat(told).as("unchanged since the stored report").isEmpty();
    }

    @Test
    void aReportSaysWhetherTheRoutesCouldChangeSoMostReportsRebuildNothing() {
        assertThat(fleet.report(report("h1", status("a", InstanceState.STARTING))))
                .isFalse();
        assertThat(fleet.report(report("h1", status("a", InstanceState.READY))))
                .as("a became READY")
                .isTrue();
        assertThat(fleet.report(report("h1", status("a", InstanceState.READY))))
                .as("the same again")
                .isFalse();
        InstanceStatus busier = new InstanceStatus(
                "a",
                "web",
                1,
                "h1",
                "127.0.0.1",
                20_000,
                42,
                InstanceState.READY,
                0,
                clock.millis(),
                "",
                93.0,
                1 << 20);
        assertThat(fleet.report(report("h1", busier)))
                .as("only CPU and memory moved")
                .isFalse();
        InstanceStatus moved = new InstanceStatus(
                "a", "web", 1, "h1", "127.0.0.1", 20_001, 43, InstanceState.READY, 1, clock.millis(), "", 0, 0);
        assertThat(fleet.report(report("h1", moved)))
                .as("another port after a restart")
                .isTrue();
        assertThat(fleet.report(report("h1"))).as("a is gone").isTrue();
    }

    private AgentReport report(String host, InstanceStatus... instances) {
        return new AgentReport(
                host, "127.0.0.1", "http://127.0.0.1:7071", clock.millis(), 1, List.of(instances), 1.0, 1, 2);
    }

    private InstanceStatus status(String id, InstanceState state) {
        return new InstanceStatus(id, "web", 1, "h1", "127.0.0.1", 20_000, 42, state, 0, clock.millis(), "", 0, 0);
    }
}
