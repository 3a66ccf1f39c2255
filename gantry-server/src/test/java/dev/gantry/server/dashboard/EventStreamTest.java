package dev.gantry.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.TokenCreated;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's event stream from a real control plane (port 0, its embedded Redis) over real HTTP, fed by agent
 * reports posted to its API as agents post them.
 */
class EventStreamTest {
    @TempDir
    static Path dir;

    static GantryServer server;
    static ControlPlaneClient admin;

    @BeforeAll
    static void start() throws Exception {
        server = GantryServer.start(ServerConfig.of(dir.resolve("data"), 0), List.of());
        admin = ControlPlaneClient.builder(server.apiUrl())
                .token(server.token())
                .retryFor(Duration.ZERO)
                .build();
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    @Test
    void aViewerGetsTheSnapshotWithEveryInstanceThenAnInstanceEventWithinASecondOfAReport() throws Exception {
        report("snap", 3, i -> InstanceState.READY, 10);
        try (EventReader stream = open(bearer(server.token()))) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !stream.events("snapshot").isEmpty());
            BoardSnapshot snapshot =
                    stream.first("snapshot", BoardSnapshot.class, s -> true).data();
            assertThat(snapshot.instances())
                    .filteredOn(i -> i.host().equals("snap"))
                    .extracting(InstanceCard::id, InstanceCard::state, InstanceCard::up)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("snap-1", "READY", true),
                            org.assertj.core.groups.Tuple.tuple("snap-2", "READY", true),
                            org.assertj.core.groups.Tuple.tuple("snap-3", "READY", true));
            assertThat(snapshot.hosts()).extracting(HostCard::host).contains("snap");

            long sent = System.nanoTime();
            report("snap", 3, i -> i == 2 ? InstanceState.FAILED : InstanceState.READY, 10);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> stream.first("instance", InstanceCard.class, i -> i.id().equals("snap-2")) != null);

            var arrived = stream.first("instance", InstanceCard.class, i -> i.id().equals("snap-2"));
            System.out.printf("instance event %.1f ms after the report was sent%n", (arrived.nanos() - sent) / 1e6);
            assertThat(arrived.data().state()).isEqualTo("FAILED");
            assertThat(arrived.data().up()).isFalse();
            assertThat(stream.events("instance"))
                    .as("the instances that did not change")
                    .noneMatch(e -> e.data().contains("\"snap-1\"") || e.data().contains("\"snap-3\""));
        }
    }

    @Test
    void anInstanceNoLongerReportedIsGone() throws Exception {
        report("shrink", 2, i -> InstanceState.READY, 10);
        try (EventReader stream = open(bearer(server.token()))) {
            report("shrink", 1, i -> InstanceState.READY, 10);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> stream.first("instance", InstanceCard.class, i -> i.id().equals("shrink-2")) != null);
            assertThat(stream.first("instance", InstanceCard.class, i -> i.id().equals("shrink-2"))
                            .data()
                            .state())
                    .isEqualTo("GONE");
        }
    }

    @Test
    void aHostSilentForFiveSecondsIsDownAndUpAgainWhenItReports() throws Exception {
        report("quiet", 1, i -> InstanceState.READY, 10);
        try (EventReader stream = open(bearer(server.token()))) {
            await().atMost(Duration.ofSeconds(15))
                    .until(() ->
                            stream.first("host", HostCard.class, h -> h.host().equals("quiet") && !h.up()) != null);
            assertThat(stream.first("instance", InstanceCard.class, i -> i.id().equals("quiet-1"))
                            .data()
                            .up())
                    .as("its instances are not up either")
                    .isFalse();

            report("quiet", 1, i -> InstanceState.READY, 10);
            await().atMost(Duration.ofSeconds(5))
                    .until(() ->
                            stream.first("host", HostCard.class, h -> h.host().equals("quiet") && h.up()) != null);
        }
    }

    @Test
    void aSamplesEventCarriesAReportsValuesAndWhenItArrived() throws Exception {
        try (EventReader stream = open(bearer(server.token()))) {
            long before = System.currentTimeMillis();
            report("busy", 1, i -> InstanceState.READY, 42.5);
            long after = System.currentTimeMillis();

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> stream.first(
                                    "samples", Samples.class, s -> s.instances().containsKey("busy-1"))
                            != null);
            Samples s = stream.first(
                            "samples", Samples.class, x -> x.instances().containsKey("busy-1"))
                    .data();
            Samples.InstanceSample i = s.instances().get("busy-1");
            assertThat(i.cpu()).isEqualTo(42.5);
            assertThat(i.memoryBytes()).isEqualTo(10_000_000L);
            assertThat(i.state()).isEqualTo("READY");
            assertThat(i.receivedAt()).isBetween(before, after);
            assertThat(s.hosts().get("busy").receivedAt()).isBetween(before, after);
            assertThat(s.hosts().get("busy").cpu()).isEqualTo(42.5);
        }
    }

    @Test
    void aMetricsCredentialIsRefusedAndAViewersIsServed() throws Exception {
        try (EventReader metrics = open(bearer(create("prom", "metrics")));
                EventReader viewer = open(bearer(create("watcher", "viewer")))) {
            assertThat(metrics.status()).isEqualTo(403);
            assertThat(viewer.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !viewer.events("snapshot").isEmpty());
        }
    }

    @Test
    void revokingTheCredentialClosesItsStream() throws Exception {
        try (EventReader stream = open(bearer(create("leaving", "viewer")))) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !stream.events("snapshot").isEmpty());
            admin.delete("/api/v1/tokens/leaving");
            await().atMost(Duration.ofSeconds(5)).until(stream::ended);
        }
    }

    @Test
    void aStreamOpenedWithTheSessionCookieClosesWhenTheSessionEnds() throws Exception {
        Browser b = new Browser(server.apiUrl());
        b.login(create("cookie-viewer", "viewer"));
        try (EventReader stream = open(Map.of("Cookie", Sessions.COOKIE + "=" + b.cookie))) {
            assertThat(stream.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !stream.events("snapshot").isEmpty());
            HttpResponse<String> out = b.write("DELETE", "/api/v1/session", null);
            assertThat(out.statusCode()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(5)).until(stream::ended);
        }
    }

    static EventReader open(Map<String, String> headers) throws Exception {
        return new EventReader(server.apiUrl() + EventRoutes.PATH, headers);
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    static String create(String name, String role) throws Exception {
        return admin.post("/api/v1/tokens", Map.of("name", name, "role", role), TokenCreated.class)
                .token();
    }

    /** Host {@code host}'s agent reports instances {@code host-1..n} in the states given, each at {@code cpu}. */
    static void report(String host, int n, java.util.function.IntFunction<InstanceState> state, double cpu)
            throws Exception {
        List<InstanceStatus> list = new ArrayList<>();
        for (int i = 1; i <= n; i++)
            list.add(new InstanceStatus(
                    host + "-" + i,
                    "web",
                    1,
                    host,
                    "127.0.0.1",
                    9000 + i,
                    100 + i,
                    state.apply(i),
                    0,
                    0,
                    null,
                    cpu,
                    10_000_000));
        admin.post(
                "/api/v1/agents/" + host + "/report",
                new AgentReport(
                        host,
                        "127.0.0.1",
                        "http://127.0.0.1:1",
                        System.currentTimeMillis(),
                        0,
                        list,
                        cpu,
                        1L << 30,
                        16L << 30),
                Void.class);
    }
}
