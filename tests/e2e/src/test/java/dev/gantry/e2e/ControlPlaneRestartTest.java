package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.agent.Agent;
import dev.gantry.agent.AgentConfig;
import dev.gantry.agent.HttpControlPlane;
import dev.gantry.api.AppSummary;
import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceView;
import dev.gantry.api.Release;
import dev.gantry.api.ReleaseStatus;
import dev.gantry.proxy.RouteTableFetcher;
import dev.gantry.proxy.Router;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.store.EmbeddedRedis;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet shape on one machine: Redis, control plane, a separate agent and a separate router.
 * The control plane is stopped and started again under load, once at rest and once in the middle
 * of a rolling deploy; nothing fails and nothing is lost.
 */
class ControlPlaneRestartTest {
    @TempDir
    Path tmp;

    @Test
    void restartingTheControlPlaneUnderLoadFailsNoRequestAndLosesNoState() throws Exception {
        int port = freePort();
        try (EmbeddedRedis redis = EmbeddedRedis.start(tmp.resolve("redis"))) {
            ServerConfig config =
                    new ServerConfig(tmp.resolve("data"), "127.0.0.1", port, redis.uri(), Duration.ofMillis(1000));
            GantryServer server = GantryServer.start(config, List.of());
            URI api = URI.create(server.apiUrl());
            String token = server.token();
            Router router =
                    Router.builder().bindAddress("127.0.0.1").port(0).build().start();
            RouteTableFetcher fetcher = new RouteTableFetcher(api, token, router, tmp.resolve("routes.json"));
            fetcher.start();
            Agent agent = new Agent(
                    AgentConfig.builder("host-a", tmp.resolve("agent"), token)
                            .httpPort(0)
                            .build(),
                    new HttpControlPlane(
                            HttpControlPlane.clientFor(api, () -> token).build()),
                    Clock.systemUTC());
            agent.start();
            try {
                TestApi client = new TestApi(server.apiUrl(), token);
                Deployment deployed = client.awaitDeployment(
                        client.upload(AppDir.pack(AppDir.write(tmp, "hello", AppDir.helloYml(3, "")))));
                assertThat(deployed.state()).as(deployed.toString()).isEqualTo(DeploymentState.SUCCEEDED);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> router.table().routes().stream()
                                .anyMatch(r -> r.backends().size() == 3));

                LoadLoop load = LoadLoop.start(
                        Duration.ofSeconds(180),
                        8,
                        30,
                        40_000,
                        () -> LoadLoop.get(router.port(), "hello.localhost", "/"),
                        r -> r.statusCode() == 200);
                load.awaitMorePassed(300);
                server.close();
                load.awaitMorePassed(300);
                assertThat(new TestApi("http://127.0.0.1:" + port, token).reachable())
                        .isFalse();
                server = GantryServer.start(config, List.of());
                load.awaitMorePassed(300);
                load.close();
                assertThat(load.failures()).isEmpty();

                TestApi after = new TestApi(server.apiUrl(), token);
                assertThat(after.get("/api/v1/apps/hello", AppSummary.class).release())
                        .isEqualTo(1);
                assertThat(after.list("/api/v1/apps/hello/releases", Release.class))
                        .hasSize(1);
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(after.list("/api/v1/instances?app=hello", InstanceView.class))
                                .hasSize(3)
                                .allMatch(i -> i.state() == InstanceState.READY));
            } finally {
                agent.stopAllInstances();
                agent.close();
                fetcher.close();
                router.close();
                server.close();
            }
        }
    }

    @Test
    void aControlPlaneStoppedWhileADeployWaitsForReadinessFinishesTheRolloutWhenStartedAgain() throws Exception {
        int port = freePort();
        try (EmbeddedRedis redis = EmbeddedRedis.start(tmp.resolve("redis"))) {
            ServerConfig config =
                    new ServerConfig(tmp.resolve("data"), "127.0.0.1", port, redis.uri(), Duration.ofMillis(1000));
            GantryServer server = GantryServer.start(config, List.of());
            String token = server.token();
            Router router =
                    Router.builder().bindAddress("127.0.0.1").port(0).build().start();
            RouteTableFetcher fetcher =
                    new RouteTableFetcher(URI.create(server.apiUrl()), token, router, tmp.resolve("routes.json"));
            fetcher.start();
            Agent agent = new Agent(
                    AgentConfig.builder("host-a", tmp.resolve("agent"), token)
                            .httpPort(0)
                            .build(),
                    new HttpControlPlane(HttpControlPlane.clientFor(URI.create(server.apiUrl()), () -> token)
                            .build()),
                    Clock.systemUTC());
            agent.start();
            try {
                TestApi client = new TestApi(server.apiUrl(), token);
                Deployment v1 = client.awaitDeployment(
                        client.upload(AppDir.pack(AppDir.write(tmp, "hello-v1", AppDir.helloYml(2, "")))));
                assertThat(v1.state()).as(v1.toString()).isEqualTo(DeploymentState.SUCCEEDED);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> router.table().routes().stream()
                                .anyMatch(r -> r.backends().size() == 2));

                LoadLoop load = LoadLoop.start(
                        Duration.ofSeconds(60),
                        4,
                        25,
                        100_000,
                        () -> LoadLoop.get(router.port(), "hello.localhost", "/"),
                        r -> r.statusCode() == 200);
                DeploymentAccepted v2 = client.upload(AppDir.pack(AppDir.write(tmp, "hello-v2", slowStartingHello())));
                String path = "/api/v1/deployments/" + v2.deployment() + "?from=0";
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> client.get(path, Deployment.class).lines().stream()
                                .anyMatch(l -> l.startsWith("starting hello-r2-")));
                server.close();
                load.awaitMorePassed(100);
                assertThat(new TestApi("http://127.0.0.1:" + port, token).reachable())
                        .isFalse();
                server = GantryServer.start(config, List.of());

                TestApi after = new TestApi(server.apiUrl(), token);
                Deployment v2Done = after.awaitDeployment(v2);
                load.close();
                assertThat(v2Done.state()).as(v2Done.toString()).isEqualTo(DeploymentState.SUCCEEDED);
                assertThat(v2Done.lines()).contains("control plane restarted; resuming at step STARTING");
                Release two =
                        after.list("/api/v1/apps/hello/releases", Release.class).getFirst();
                assertThat(two.number()).isEqualTo(2);
                assertThat(two.status()).isEqualTo(ReleaseStatus.READY);
                assertThat(two.deployedAt()).isPositive();
                assertThat(after.get("/api/v1/apps/hello", AppSummary.class).release())
                        .isEqualTo(2);
                assertThat(load.failures()).isEmpty();
                assertThat(load.bodies().keySet()).anyMatch(b -> b.startsWith("Hello from hello release 1"));
            } finally {
                agent.stopAllInstances();
                agent.close();
                fetcher.close();
                router.close();
                server.close();
            }
        }
    }

    /** Hello at release 2, whose instances take four seconds before they start listening. */
    private static String slowStartingHello() {
        return AppDir.helloYml(2, "health_timeout: 60s\n").replace("run: java", "run: sleep 4 && exec java");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
