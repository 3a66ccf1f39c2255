package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.tokens.Role;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A standalone router asks its control plane whether a bearer may read its {@code /_gantry/metrics}. */
@Timeout(60)
class RouterMetricsAccessTest {
    @TempDir
    Path dir;

    @Test
    void metricsReadersAreLetInAndRouterAgentOrMadeUpBearersAreNot() throws Exception {
        try (GantryServer server = GantryServer.start(ServerConfig.of(dir, 0), List.of());
                ControlPlaneClient base = ControlPlaneClient.builder(URI.create(server.apiUrl()))
                        .token(server.token())
                        .build()) {
            String metrics = server.credentials()
                    .replace("prometheus", Role.METRICS, "test")
                    .token();
            String viewer =
                    server.credentials().replace("eyes", Role.VIEWER, "test").token();
            String router =
                    server.credentials().replace("edge", Role.ROUTER, "test").token();
            assertThat(RouterCommand.readsMetrics(base, metrics)).isTrue();
            assertThat(RouterCommand.readsMetrics(base, viewer)).isTrue();
            assertThat(RouterCommand.readsMetrics(base, router)).isFalse();
            assertThat(RouterCommand.readsMetrics(base, "gty_madeup")).isFalse();
        }
    }
}
