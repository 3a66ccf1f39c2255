package dev.gantry.server.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentState;
import dev.gantry.server.store.Redis;
import dev.gantry.server.store.TestRedis;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentStoreTest {
    static TestRedis server;
    static Redis redis;
    DeploymentStore store;

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
        store = new DeploymentStore(redis);
    }

    @Test
    void anAppIsHeldByOneDeploymentUntilItEnds() {
        assertThat(store.lock("web", "d1")).isTrue();
        assertThat(store.lock("web", "d2")).isFalse();
        assertThat(store.holder("web")).hasValue("d1");
        store.unlock("web", "d2");
        assertThat(store.holder("web")).as("only the holder lets go").hasValue("d1");

        DeploymentRecord d1 = DeploymentRecord.begin("d1", "web", 1, Operation.SCALE, "admin", 2, 1_000);
        store.save(d1);
        assertThat(store.running()).containsExactly(d1);
        store.save(d1.ended(DeploymentState.SUCCEEDED, "web runs 2 instance(s)", 2_000));

        assertThat(store.holder("web")).isEmpty();
        assertThat(store.running()).isEmpty();
        assertThat(store.get("d1").orElseThrow().state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(redis.sync().ttl("gantry:deployment:d1")).isPositive();
    }

    @Test
    void aRecordReadsBackAsItWasWritten() {
        DeploymentRecord r = DeploymentRecord.begin("d1", "web", 3, Operation.DEPLOY, "alice", 2, 1_000)
                .withOld(List.of("web-r2-aaaa", "web-r2-bbbb"))
                .withFresh(List.of("web-r3-cccc"))
                .at(Step.STARTING, List.of("web-r3-cccc"), 2_000, 62_000)
                .undoing(DeploymentState.CANCELLED, "cancelled by bob");

        store.save(r);

        assertThat(store.get("d1")).hasValue(r);
    }

    @Test
    void progressLinesKeepTheirNumbersWhenTheOldestAreDropped() {
        DeploymentRecord r = DeploymentRecord.begin("d1", "web", 1, Operation.DEPLOY, "admin", 1, 0);
        IntStream.range(0, DeploymentStore.LOG_LINES + 10).forEach(i -> store.log("d1", "line " + i));

        Deployment all = store.view(r, 0);
        Deployment tail = store.view(r, DeploymentStore.LOG_LINES + 8);

        assertThat(all.next()).isEqualTo(DeploymentStore.LOG_LINES + 10);
        assertThat(all.lines()).hasSize(DeploymentStore.LOG_LINES).startsWith("line 10");
        assertThat(tail.lines())
                .containsExactly("line " + (DeploymentStore.LOG_LINES + 8), "line " + (DeploymentStore.LOG_LINES + 9));
        assertThat(store.view(r, all.next()).lines()).isEmpty();
    }
}
