package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.Backend;
import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WebSockets during deploys: a backend that leaves or goes to weight 0 keeps them for the drain timeout (300 ms here). */
class RouterWebSocketDrainTest {
    private static final Duration DRAIN = Duration.ofMillis(300);
    private FakeWebSocketBackend old;
    private FakeWebSocketBackend fresh;
    private Router router;
    private HttpClient http;
    private long version;

    @BeforeEach
    void start() throws Exception {
        old = new FakeWebSocketBackend("old");
        fresh = new FakeWebSocketBackend("fresh");
        router = Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(1)
                .drainTimeout(DRAIN)
                .build()
                .start();
        route(old.backend(100));
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        http.shutdownNow();
        router.close();
        old.close();
        fresh.close();
    }

    private void route(Backend... backends) {
        router.update(
                new RouteTable(++version, List.of(new Route("chat", "chat.localhost", "/", null, List.of(backends)))));
    }

    private RecordingWebSocketListener.Connected connect() throws Exception {
        return RecordingWebSocketListener.connect(http, URI.create("ws://chat.localhost:" + router.port() + "/ws"));
    }

    @Test
    void aWebSocketToABackendThatLeftStaysOpenForTheDrainTimeoutThenCloses() throws Exception {
        var c = connect();
        long left = System.nanoTime();
        route(fresh.backend(100));
        assertThat(c.roundTrip("during the drain")).isEqualTo("during the drain");
        c.received().ended.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - left)).isGreaterThanOrEqualTo(DRAIN);
        await().atMost(Duration.ofSeconds(5)).until(() -> old.openTunnels() == 0);
        assertThat(connect().roundTrip("new one")).isEqualTo("new one");
        assertThat(fresh.openTunnels()).isEqualTo(1);
    }

    @Test
    void aWebSocketToABackendAtWeightZeroClosesAfterTheDrainTimeout() throws Exception {
        var c = connect();
        long drained = System.nanoTime();
        route(old.backend(0), fresh.backend(100));
        c.received().ended.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - drained)).isGreaterThanOrEqualTo(DRAIN);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> router.stats().backend("old").orElseThrow().webSocketsOpen() == 0);
    }

    @Test
    void aWebSocketSurvivesATableUpdateThatKeepsItsBackend() throws Exception {
        var c = connect();
        route(old.backend(100), fresh.backend(100));
        await().during(DRAIN.multipliedBy(3)).atMost(Duration.ofSeconds(2)).until(() -> !c.ended());
        assertThat(c.roundTrip("still open")).isEqualTo("still open");
    }

    @Test
    void aBackendBackWithAWeightBeforeTheDrainTimeoutKeepsItsWebSockets() throws Exception {
        var c = connect();
        route(old.backend(0), fresh.backend(100));
        route(old.backend(100), fresh.backend(100));
        await().during(DRAIN.multipliedBy(3)).atMost(Duration.ofSeconds(2)).until(() -> !c.ended());
        assertThat(c.roundTrip("kept")).isEqualTo("kept");
    }

    @Test
    void aBackendBackInTheTableBeforeTheDrainTimeoutKeepsItsWebSocketsAndItsCounters() throws Exception {
        var c = connect();
        route(fresh.backend(100));
        route(old.backend(100), fresh.backend(100));
        await().during(DRAIN.multipliedBy(3)).atMost(Duration.ofSeconds(2)).until(() -> !c.ended());
        assertThat(c.roundTrip("kept")).isEqualTo("kept");
        BackendStats back = router.stats().backend("old").orElseThrow();
        assertThat(back.webSocketsOpen()).isEqualTo(1);
        assertThat(back.webSocketsTotal()).isEqualTo(1);
    }

    @Test
    void closingTheRouterClosesItsWebSockets() throws Exception {
        Router closing = Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(1)
                .build()
                .start();
        closing.update(router.table());
        var c = RecordingWebSocketListener.connect(http, URI.create("ws://chat.localhost:" + closing.port() + "/ws"));
        closing.close();
        c.received().ended.get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> old.openTunnels() == 0);
    }
}
