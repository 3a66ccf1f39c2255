package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.api.Backend;
import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteTableFetcherTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private final ConcurrentLinkedQueue<String> authHeaders = new ConcurrentLinkedQueue<>();
    private volatile RouteTable served = table(7);
    private HttpServer controlPlane;
    private Router router;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        controlPlane = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        controlPlane.createContext("/api/v1/routes", ex -> {
            authHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            byte[] body = new ObjectMapper().writeValueAsBytes(served);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        controlPlane.start();
        router = Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .healthInterval(Duration.ofMinutes(5))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        controlPlane.stop(0);
        router.close();
    }

    @Test
    void appliesTheServedTableWithTheBearerTokenAndFollowsNewVersions() {
        try (RouteTableFetcher fetcher = new RouteTableFetcher(url(), "s3cret", router, null).start()) {
            await().atMost(PATIENCE).until(() -> router.table().version() == 7);
            assertThat(router.table()).isEqualTo(served);
            assertThat(authHeaders).contains("Bearer s3cret");
            served = table(8);
            await().atMost(PATIENCE).until(() -> router.table().version() == 8);
            assertThat(fetcher.appliedVersion()).isEqualTo(8);
        }
    }

    @Test
    void keepsTheLastTableWhenTheControlPlaneGoesAway() {
        try (RouteTableFetcher fetcher = new RouteTableFetcher(url(), "t", router, null).start()) {
            await().atMost(PATIENCE).until(() -> router.table().version() == 7);
            controlPlane.stop(0);
            int polls = authHeaders.size();
            fetcher.pollOnce();
            fetcher.pollOnce();
            assertThat(authHeaders).hasSize(polls);
            assertThat(router.table()).isEqualTo(table(7));
        }
    }

    @Test
    void savesTheTableToTheCacheFileAndLoadsItAtStartWhileTheServerIsDown() throws Exception {
        Path cache = dir.resolve("routes.json");
        try (RouteTableFetcher fetcher = new RouteTableFetcher(url(), "t", router, cache).start()) {
            await().atMost(PATIENCE).until(() -> Files.exists(cache) && fetcher.appliedVersion() == 7);
        }
        URI deadServer = url();
        controlPlane.stop(0);
        try (Router restarted = Router.builder()
                        .bindAddress("127.0.0.1")
                        .port(0)
                        .healthInterval(Duration.ofMinutes(5))
                        .build()
                        .start();
                RouteTableFetcher fetcher = new RouteTableFetcher(deadServer, "t", restarted, cache).start()) {
            assertThat(restarted.table()).isEqualTo(table(7));
            fetcher.pollOnce();
            assertThat(restarted.table()).isEqualTo(table(7));
        }
    }

    @Test
    void rejectsABlankToken() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RouteTableFetcher(url(), " ", router, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token");
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + controlPlane.getAddress().getPort() + "/");
    }

    private static RouteTable table(long version) {
        return new RouteTable(
                version,
                List.of(new Route(
                        "web",
                        "shop.localhost",
                        "/",
                        "/health",
                        List.of(new Backend("web-1", "127.0.0.1", 20001, 3, 100)))));
    }
}
