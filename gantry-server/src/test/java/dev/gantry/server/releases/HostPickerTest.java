package dev.gantry.server.releases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.AgentReport;
import dev.gantry.api.AppSpec.Resources;
import dev.gantry.api.InstanceSpec;
import dev.gantry.server.ManualClock;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.apps.Placement;
import dev.gantry.server.store.Redis;
import dev.gantry.server.store.TestRedis;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where new instances go: spread over the hosts, by the memory and CPU each host has left. */
class HostPickerTest {
    static final long GIB = 1L << 30;
    static final long MIB = 1L << 20;
    static TestRedis server;
    static Redis redis;
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));
    final List<Placement> placed = new ArrayList<>();
    Fleet fleet;
    HostPicker picker;
    int next;

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
        picker = new HostPicker(fleet);
    }

    @Test
    void threeInstancesOnThreeHostsLandOnThreeHosts() {
        report("h1", 4 * GIB, 2);
        report("h2", 4 * GIB, 2);
        report("h3", 4 * GIB, 2);

        List<String> hosts = List.of(place("web"), place("web"), place("web"));

        assertThat(hosts).containsExactlyInAnyOrder("h1", "h2", "h3");
    }

    @Test
    void aRollingReplacementSpreadsTheNewReleaseOverTheHosts() {
        report("h1", 4 * GIB, 2);
        report("h2", 4 * GIB, 2);
        report("h3", 4 * GIB, 2);
        for (int i = 0; i < 3; i++) place("web");
        List<String> fresh = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            InstanceSpec next = spec("web", 2, Resources.NONE);
            String host = picker.pick(placed, next);
            placed.add(new Placement(next, host, false, 0));
            fresh.add(host);
            placed.remove(placed.stream()
                    .filter(p -> p.spec().release() == 1)
                    .findFirst()
                    .orElseThrow());
        }

        assertThat(fresh).containsExactlyInAnyOrder("h1", "h2", "h3");
    }

    @Test
    void aFourthInstanceGoesToTheHostWithTheMostFreeMemory() {
        report("h1", 4 * GIB, 2);
        report("h2", 8 * GIB, 2);
        report("h3", 4 * GIB, 2);
        for (int i = 0; i < 3; i++) place("web");

        assertThat(place("web")).isEqualTo("h2");
    }

    @Test
    void anotherAppsReservationsCountTowardsFreeMemory() {
        report("h1", 4 * GIB, 2);
        report("h2", 4 * GIB, 2);
        placeOn("h1", "db", new Resources(2 * GIB, 0.5));

        assertThat(place("web")).isEqualTo("h2");
        assertThat(place("web"))
                .as("one of web on each: h1 has less free memory")
                .isEqualTo("h1");
    }

    @Test
    void aFullHostIsSkippedThoughItHasTheFewestInstancesOfTheApp() {
        report("h1", 1 * GIB, 2);
        report("h2", 4 * GIB, 2);
        placeOn("h1", "db", new Resources(700 * MIB, 0.5));

        assertThat(List.of(place("web"), place("web"))).containsExactly("h2", "h2");
    }

    @Test
    void aHostWithoutCpuLeftIsSkipped() {
        report("h1", 8 * GIB, 1);
        report("h2", 4 * GIB, 4);
        placeOn("h1", "cruncher", new Resources(0, 1));

        assertThat(place("web")).isEqualTo("h2");
    }

    @Test
    void noHostWithRoomIsAnErrorNamingTheAppAndWhatEachHostHasLeft() {
        report("h1", 768 * MIB, 2);
        report("h2", 4 * GIB, 1);
        placeOn("h1", "db", new Resources(400 * MIB, 0.25));
        placeOn("h2", "cruncher", new Resources(GIB, 1));
        InstanceSpec big = spec("web", new Resources(512 * MIB, 0.5));

        assertThatThrownBy(() -> picker.pick(placed, big))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no host has room for another instance of web (512 MiB, 0.5 CPU): "
                        + "h1 (free 112 MiB of 512 MiB, 1.75 of 2 CPU); h2 (free 2816 MiB of 3840 MiB, 0 of 1 CPU); "
                        + "add a host, or lower the app's instances or resources");
    }

    @Test
    void anAgentThatReportsNoCpuCountIsLimitedByMemoryOnly() {
        fleet.report(new AgentReport("old", "10.0.0.9", "http://10.0.0.9:7071", 0, 0, List.of(), 0, 0, GIB));

        for (int i = 0; i < 3; i++) place("web");

        assertThatThrownBy(() -> place("web")).hasMessageContaining("old (free 0 MiB of 768 MiB, CPUs unknown)");
    }

    @Test
    void aLostHostTakesNothingWhileAnotherHasRoom() {
        report("h1", 4 * GIB, 2);
        report("h2", 4 * GIB, 2);
        picker.avoid(Set.of("h2"));

        assertThat(List.of(place("web"), place("web"))).containsExactly("h1", "h1");
    }

    @Test
    void anAppSomeHostsNameRunsOnlyThereAndOtherAppsOnlyOnHostsThatNameNone() {
        report("h1", 4 * GIB, 2, List.of("markdown"));
        report("h2", 4 * GIB, 2, List.of("markdown", "hello"));
        report("h3", 4 * GIB, 2, List.of());

        assertThat(List.of(place("markdown"), place("markdown"), place("markdown"), place("markdown")))
                .containsExactlyInAnyOrder("h1", "h2", "h1", "h2");
        assertThat(List.of(place("hello"), place("hello"))).containsExactly("h2", "h2");
        assertThat(List.of(place("web"), place("web"))).containsExactly("h3", "h3");
    }

    @Test
    void anAppNoHostMayRunIsRefusedNamingWhatEachHostRuns() {
        report("h1", 4 * GIB, 2, List.of("markdown"));
        report("h2", 4 * GIB, 2, List.of("hello"));

        assertThatThrownBy(() -> place("web"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no live host runs web: every live host names the apps it runs (h1: markdown; h2: hello);"
                        + " name web in the environment's apps: section");
    }

    private void report(String host, long memory, int cpus, List<String> apps) {
        fleet.report(new AgentReport(
                host,
                "10.0.0.1",
                "http://10.0.0.1:7071",
                0,
                0,
                List.of(),
                5,
                GIB / 2,
                memory,
                null,
                cpus,
                "test",
                apps));
    }

    private void report(String host, long memory, int cpus) {
        fleet.report(new AgentReport(
                host, "10.0.0.1", "http://10.0.0.1:7071", 0, 0, List.of(), 5, GIB / 2, memory, null, cpus, "test"));
    }

    private String place(String app) {
        InstanceSpec spec = spec(app, Resources.NONE);
        String host = picker.pick(placed, spec);
        placed.add(new Placement(spec, host, false, 0));
        return host;
    }

    private void placeOn(String host, String app, Resources resources) {
        placed.add(new Placement(spec(app, resources), host, false, 0));
    }

    private InstanceSpec spec(String app, Resources resources) {
        return spec(app, 1, resources);
    }

    private InstanceSpec spec(String app, int release, Resources resources) {
        return new InstanceSpec(
                app + "-r" + release + "-" + next++,
                app,
                release,
                "sleep 60",
                "/health",
                Map.of(),
                10,
                resources,
                null);
    }
}
