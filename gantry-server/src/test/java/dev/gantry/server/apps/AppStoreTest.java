package dev.gantry.server.apps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.AppSpec;
import dev.gantry.api.HistoryEvent;
import dev.gantry.api.InstanceSpec;
import dev.gantry.api.Release;
import dev.gantry.api.ReleaseStatus;
import dev.gantry.server.store.Redis;
import dev.gantry.server.store.TestRedis;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apps, releases, placements and history through Redis and back. */
class AppStoreTest {
    private static final AppSpec SPEC = new AppSpec(
            "web",
            "mvn package",
            null,
            "java -jar web.jar",
            "/health",
            2,
            new AppSpec.RouteSpec("web.localhost", "/", false, false),
            Map.of("GREETING", "hi"),
            null,
            null);
    static TestRedis server;
    static Redis redis;
    AppStore store;

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
        store = new AppStore(redis);
    }

    @Test
    void anAppAndItsReleasesReadBackAsWrittenNewestReleaseFirst() {
        AppRecord web = new AppRecord("web", SPEC, 2, 3, 1_000);
        store.save(web);
        store.save(new AppRecord("api", SPEC, 0, 1, 2_000));
        Release one =
                new Release("web", store.nextReleaseNumber("web"), 10, "test", SPEC, ReleaseStatus.READY, "built", 20);
        Release two = new Release(
                "web", store.nextReleaseNumber("web"), 30, "test", SPEC, ReleaseStatus.FAILED, "rollout failed: x", 0);
        store.save(one);
        store.save(two.withPruned());

        assertThat(store.app("web")).hasValue(web);
        assertThat(store.apps()).extracting(AppRecord::name).containsExactly("api", "web");
        assertThat(store.releases("web")).containsExactly(two.withPruned(), one);
        assertThat(store.release("web", 1)).hasValue(one);
        assertThat(store.release("web", 3)).isEmpty();
    }

    @Test
    void everyChangeOfWhatShouldRunBumpsTheDesiredVersion() {
        Placement p = placement("web-r1-aaaa");
        long before = store.desiredVersion();

        store.put(p);
        store.put(p.drain());
        assertThat(store.placement(p.id())).hasValue(p.drain());
        assertThat(store.placement(p.id()).orElseThrow().undrain()).isEqualTo(p);
        store.remove(p.id());

        assertThat(store.desiredVersion()).isEqualTo(before + 3);
        assertThat(store.placement(p.id())).isEmpty();
    }

    @Test
    void placementsAreListedForOneAppOrAll() {
        store.put(placement("web-r1-aaaa"));
        store.put(new Placement(
                new InstanceSpec("api-r1-bbbb", "api", 1, "./api", "/health", Map.of(), 5), "h2", false, 6));

        assertThat(store.placements()).hasSize(2);
        assertThat(store.placements("web")).extracting(Placement::id).containsExactly("web-r1-aaaa");
    }

    @Test
    void deletingAnAppForgetsItAndItsReleasesButNotItsNumbersOrItsHistory() {
        store.save(new AppRecord("web", SPEC, 1, 2, 1_000));
        store.save(
                new Release("web", store.nextReleaseNumber("web"), 10, "test", SPEC, ReleaseStatus.READY, "built", 20));
        store.record(new HistoryEvent(5, "web", "alice", "delete", "the app"));

        store.delete("web");

        assertThat(store.app("web")).isEmpty();
        assertThat(store.apps()).isEmpty();
        assertThat(store.releases("web")).isEmpty();
        assertThat(store.nextReleaseNumber("web")).isEqualTo(2);
        assertThat(store.history("web", 10)).extracting(HistoryEvent::action).containsExactly("delete");
    }

    @Test
    void historyIsNewestFirstPerAppAndCapped() {
        IntStream.range(0, 1_005)
                .forEach(
                        i -> store.record(new HistoryEvent(i, i % 2 == 0 ? "web" : "api", "admin", "deploy", "#" + i)));

        List<HistoryEvent> web = store.history("web", 3);

        assertThat(web).extracting(HistoryEvent::detail).containsExactly("#1004", "#1002", "#1000");
        assertThat(store.history(null, 5_000)).hasSize(1_000);
    }

    private static Placement placement(String id) {
        return new Placement(
                new InstanceSpec(id, "web", 1, "java -jar web.jar", "/health", Map.of("GREETING", "hi"), 5),
                "h1",
                false,
                5);
    }
}
