package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterResilienceTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void killingABackendWithSigkillUnderLoadLosesNoRequestAndItRejoinsWhenBack() throws Exception {
        try (FakeBackend steady = new FakeBackend("steady");
                Router router = Router.builder()
                        .bindAddress("127.0.0.1")
                        .port(0)
                        .ioThreads(2)
                        .healthInterval(Duration.ofMillis(200))
                        .build()
                        .start()) {
            BackendProcess victim = new BackendProcess("victim", 0);
            int victimPort = victim.port();
            router.update(new RouteTable(
                    1,
                    List.of(new Route(
                            "web",
                            "shop.localhost",
                            "/",
                            "/health",
                            List.of(steady.backend(100), victim.backend(100))))));
            try (LoadLoop load = new LoadLoop(router.port(), "shop.localhost", 8)) {
                await().atMost(PATIENCE).until(() -> requests(router, "victim") > 300);
                victim.kill();
                await().atMost(PATIENCE)
                        .until(() ->
                                !router.stats().backend("victim").orElseThrow().healthy());
                int okAfterKill = load.ok.get();
                await().atMost(PATIENCE).until(() -> load.ok.get() > okAfterKill + 1000);
                long victimRequestsWhileDown = requests(router, "victim");
                victim = new BackendProcess("victim", victimPort);
                await().atMost(PATIENCE).until(() -> requests(router, "victim") > victimRequestsWhileDown + 100);
                load.stop();
                assertThat(load.failures).isEmpty();
            } finally {
                victim.kill();
            }
        }
    }

    @Test
    void liveTableUpdatesDuringLoadDropNoClientConnectionAndNoRequest() throws Exception {
        try (FakeBackend a = new FakeBackend("a");
                FakeBackend b = new FakeBackend("b");
                FakeBackend c = new FakeBackend("c");
                Router router = Router.builder()
                        .bindAddress("127.0.0.1")
                        .port(0)
                        .ioThreads(2)
                        .build()
                        .start()) {
            List<List<FakeBackend>> sets = List.of(List.of(a, b), List.of(b, c), List.of(c), List.of(a, c));
            router.update(table(0, sets.get(0)));
            try (LoadLoop load = new LoadLoop(router.port(), "shop.localhost", 8)) {
                for (int version = 1; version <= 40; version++) {
                    int before = load.ok.get();
                    router.update(table(version, sets.get(version % sets.size())));
                    await().atMost(PATIENCE).until(() -> load.ok.get() > before + 50);
                }
                load.stop();
                assertThat(load.failures).isEmpty();
            }
            assertThat(router.table().version()).isEqualTo(40);
        }
    }

    private static RouteTable table(long version, List<FakeBackend> backends) {
        return new RouteTable(
                version,
                List.of(new Route(
                        "web",
                        "shop.localhost",
                        "/",
                        "/health",
                        backends.stream().map(f -> f.backend(100)).toList())));
    }

    private static long requests(Router router, String id) {
        return router.stats().backend(id).map(BackendStats::requests).orElse(0L);
    }
}
