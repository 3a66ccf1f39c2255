package dev.gantry.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real viewer that stops reading while a host's 2,000 instances flip state report after report: it is dropped once
 * {@link EventRoutes#MAX_QUEUED_BYTES} wait for it, and a viewer that reads gets every event meanwhile.
 */
class SlowViewerTest {
    private static final int INSTANCES = 2_000;

    @TempDir
    Path dir;

    @Test
    void aViewerThatStopsReadingIsDroppedAndAnotherGetsEveryEvent() throws Exception {
        try (GantryServer server = GantryServer.start(ServerConfig.of(dir, 0), List.of());
                ControlPlaneClient admin = ControlPlaneClient.builder(server.apiUrl())
                        .token(server.token())
                        .retryFor(Duration.ZERO)
                        .build();
                Socket stuck = new Socket();
                EventReader reading = new EventReader(
                        server.apiUrl() + EventRoutes.PATH, Map.of("Authorization", "Bearer " + server.token()))) {
            stuck.setReceiveBufferSize(1024);
            stuck.connect(new InetSocketAddress("127.0.0.1", server.apiPort()));
            OutputStream request = stuck.getOutputStream();
            request.write(("GET " + EventRoutes.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                            + server.token() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.dashboard().viewers() == 2);

            int reports = 0;
            while (server.dashboard().viewers() == 2 && reports < 200) {
                InstanceState state = reports % 2 == 0 ? InstanceState.READY : InstanceState.UNHEALTHY;
                admin.post("/api/v1/agents/bulk/report", report(state), Void.class);
                reports++;
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> server.dashboard().viewers() == 1);
            System.out.println("the stuck viewer was dropped after " + reports + " reports");

            int sent = reports;
            String last = sent % 2 == 1 ? "READY" : "UNHEALTHY";
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> reading.events("instance").stream()
                                    .filter(e -> e.data().contains("\"bulk-" + INSTANCES + "\""))
                                    .count()
                            == sent);
            assertThat(reading.events("instance").getLast().data()).contains("\"state\":\"" + last + "\"");
            assertThat(reading.ended()).isFalse();
        }
    }

    private static AgentReport report(InstanceState state) {
        List<InstanceStatus> list = new ArrayList<>();
        for (int i = 1; i <= INSTANCES; i++)
            list.add(new InstanceStatus(
                    "bulk-" + i, "web", 1, "bulk", "127.0.0.1", 9000, 100, state, 0, 0, null, 1, 10_000_000));
        return new AgentReport(
                "bulk", "127.0.0.1", "http://127.0.0.1:1", System.currentTimeMillis(), 0, list, 1, 1L << 30, 16L << 30);
    }
}
