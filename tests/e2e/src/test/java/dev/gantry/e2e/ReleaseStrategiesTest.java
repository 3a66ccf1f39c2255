package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.InstanceView;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling limits and blue-green on the embedded platform (real agent, router and hello instances) under a steady load
 * through the router: every request must pass. One platform for the class; hello runs three instances.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseStrategiesTest {
    @TempDir
    static Path tmp;

    static Platform platform;
    LoadLoop load;

    @BeforeAll
    static void startPlatformAndDeployHello() throws Exception {
        platform = Platform.start(tmp);
        Deployment result = platform.deploy(AppDir.write(tmp, "hello-v1", AppDir.helloYml(3, "")));
        assertThat(result.state()).as(result.toString()).isEqualTo(DeploymentState.SUCCEEDED);
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @AfterEach
    void stopLoad() throws InterruptedException {
        if (load != null) load.close();
    }

    @Test
    @Order(1)
    void rollingUpdatesWithSurgeTwoAndWithUnavailableOneLoseNoRequest() throws Exception {
        load = steadyLoad();
        load.awaitMorePassed(100);

        Deployment surge = deploy("v2", "strategy: { rolling: { maxSurge: 2, maxUnavailable: 0 } }\n");
        load.awaitMorePassed(100);
        Deployment unavailable = deploy("v3", "strategy: { rolling: { maxSurge: 0, maxUnavailable: 1 } }\n");
        load.awaitMorePassed(100);
        load.close();

        assertThat(surge.lines()).filteredOn(l -> l.startsWith("starting ")).hasSize(3);
        assertThat(unavailable.lines().stream()
                        .filter(l -> l.startsWith("draining ") || l.startsWith("starting "))
                        .findFirst())
                .as("drains one before it starts one")
                .hasValueSatisfying(l -> assertThat(l).startsWith("draining "));
        assertThat(platform.instances("hello")).hasSize(3).allMatch(i -> i.release() == unavailable.release());
        assertThat(load.failures()).isEmpty();
        assertThat(load.failed()).isZero();
    }

    @Test
    @Order(2)
    void blueGreenSwitchesUnderLoadAndARollbackInsideTheWindowSwitchesBackWithoutNewInstances() throws Exception {
        int before = platform.instances("hello").getFirst().release();
        load = steadyLoad();
        load.awaitMorePassed(100);

        Deployment green = deploy("v4", "strategy: { blueGreen: { verify: /health, rollbackWindow: 10m } }\n");
        assertThat(green.lines()).contains("verified: every new instance answered /health with 2xx");
        awaitGreeting("Hello from hello release " + green.release());
        load.awaitMorePassed(100);
        List<String> ids = ids();
        assertThat(ids).hasSize(6);

        long asked = System.nanoTime();
        Deployment back = platform.api.awaitDeployment(platform.api.post("/api/v1/apps/hello/rollback"));
        awaitGreeting("Hello from hello release " + before);
        long switchedMs = (System.nanoTime() - asked) / 1_000_000;
        load.awaitMorePassed(100);
        load.close();

        assertThat(back.state()).as(back.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(back.message()).startsWith("switched back to release " + before + " (blue-green standby)");
        assertThat(ids()).as("no instance started").isSubsetOf(ids);
        assertThat(load.failures()).isEmpty();
        assertThat(load.failed()).isZero();
        System.out.println("blue-green switch back: traffic on release " + before + " " + switchedMs
                + " ms after the rollback request");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(platform.instances("hello"))
                        .as("the set that was live is drained, then stopped")
                        .hasSize(3)
                        .allMatch(i -> i.release() == before));
    }

    private Deployment deploy(String name, String strategy) throws Exception {
        Deployment d = platform.deploy(
                AppDir.write(tmp, "hello-" + name, AppDir.helloYml(3, "env: { GREETING: " + name + " }\n" + strategy)));
        assertThat(d.state()).as(d.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        return d;
    }

    /** Polls through the router until every answer of a few in a row comes from the release named. */
    private void awaitGreeting(String prefix) {
        HttpClient client = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    for (int i = 0; i < 6; i++) {
                        assertThat(client.send(
                                                LoadLoop.get(platform.routerPort(), "hello.localhost", "/"),
                                                HttpResponse.BodyHandlers.ofString())
                                        .body())
                                .startsWith(prefix);
                    }
                });
    }

    private static List<String> ids() {
        return platform.instances("hello").stream().map(InstanceView::id).toList();
    }

    private static LoadLoop steadyLoad() {
        return LoadLoop.start(
                Duration.ofSeconds(300),
                4,
                25,
                100_000,
                () -> LoadLoop.get(platform.routerPort(), "hello.localhost", "/"),
                r -> r.statusCode() == 200);
    }
}
