package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.api.HostStatus;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceView;
import dev.gantry.api.Json;
import dev.gantry.api.TokenCreated;
import dev.gantry.api.client.Reply;
import dev.gantry.fleet.NetnsProvider;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three netns hosts, each with an agent and a router, the markdown service pushed with {@code git push} as three
 * instances: one on each host, and every router balancing across all three. Under steady load through two routers,
 * the third host's link is cut ({@code gantry chaos cut}): the host is lost within 3 s, its instance comes back on the
 * others, and no request fails beyond those in flight to it at the cut. Needs root, ansible-core and sshd.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class ChaosFleetTest {
    private static final String NETWORK = "10.77.237";
    private static final String ENV = "chaos";
    private static final int ROUTER_PORT = 8080;

    @TempDir
    Path dir;

    private GantryServer server;
    private FleetCli gantry;
    private boolean cut;

    @AfterEach
    void cleanUp() throws Exception {
        if (cut) gantry.run("chaos", "heal", ENV, "node3");
        if (Files.exists(dir.resolve("environments/" + ENV + ".yml"))) gantry.run("destroy", ENV);
        if (server != null) server.close();
    }

    @Test
    void aPushedClusterSpreadsOverThreeHostsAndOutlivesOneHostsLinkCutUnderLoad() throws Exception {
        assumeTrue(NetnsProvider.runningAsRoot(), "skipped: netns hosts need root (run the tests as root)");
        gantry = new FleetCli(dir);
        Path envFile = dir.resolve("environments/" + ENV + ".yml");
        Files.createDirectories(envFile.getParent());
        Files.writeString(envFile, """
                provider: netns
                network: %s.0/24
                hosts:
                  - {name: node1, roles: [agent, router]}
                  - {name: node2, roles: [agent, router]}
                  - {name: node3, roles: [agent, router]}
                """.formatted(NETWORK));
        FleetCli.Run created = gantry.run("up", ENV, "--no-configure");
        assertThat(created.exit()).as(created.err()).isZero();

        // the control plane listens on the bridge, where the hosts reach it
        server = GantryServer.start(
                new ServerConfig(dir.resolve("server"), NETWORK + ".1", 0, null, Duration.ofMillis(1000)), List.of());
        TestApi api = new TestApi(server.apiUrl(), server.token());
        Files.writeString(dir.resolve("environments/join-token"), token(api, "chaos-join", "join"));
        Files.writeString(dir.resolve("environments/router-token"), token(api, "chaos-router", "router"));
        Files.writeString(
                envFile,
                "control: {url: \"" + server.apiUrl()
                        + "\", join-token-file: join-token, router-token-file: router-token}\n",
                java.nio.file.StandardOpenOption.APPEND);

        FleetCli.Run up = gantry.run("up", ENV);
        assertThat(up.exit()).as(up.out() + up.err()).isZero();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> hostStates(api).values().stream()
                                .filter(s -> s == HostStatus.State.UP)
                                .count()
                        == 3);
        for (int i = 1; i <= 3; i++) {
            assertThat(get(router(i), "/_gantry/health", null).body()).isEqualToIgnoringWhitespace("ok");
        }

        GitCli.Run push = push(api);
        assertThat(push.exit()).as(push.output()).isZero();
        assertThat(push.output())
                .contains(
                        "remote: gantry: deploying markdown at ",
                        "remote: markdown tests passed",
                        "remote: gantry: live on 3 hosts in ")
                .containsPattern("remote: gantry: markdown release 1 is live \\(");

        List<InstanceView> instances = api.list("/api/v1/instances?app=markdown", InstanceView.class);
        assertThat(instances).extracting(InstanceView::host).containsExactlyInAnyOrder("node1", "node2", "node3");
        Set<String> ids = instances.stream().map(InstanceView::id).collect(Collectors.toSet());
        Render render = Render.survey();
        for (int i = 1; i <= 3; i++) {
            int router = i;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (int k = 0; k < 12; k++)
                    assertThat(render.through(router(router))).isTrue();
                assertThat(servedBy(router(router), server.token()).keySet())
                        .as("the backends router %d sent renders to", router)
                        .containsAll(ids);
            });
        }

        String lostInstance = instances.stream()
                .filter(v -> v.host().equals("node3"))
                .findFirst()
                .orElseThrow()
                .id();
        try (LoadLoop load1 = render.load(router(1));
                LoadLoop load2 = render.load(router(2))) {
            load1.awaitMorePassed(100);
            load2.awaitMorePassed(100);

            java.util.concurrent.CompletableFuture<Long> linkDown = linkDown();
            FleetCli.Run cutRun = gantry.run("chaos", "cut", ENV, "node3");
            cut = true;
            assertThat(cutRun.exit()).as(cutRun.err()).isZero();
            assertThat(cutRun.out()).startsWith(ENV + ": cut node3's link");
            long cutAt = linkDown.get(10, TimeUnit.SECONDS);
            int inFlight = inFlight(router(1), lostInstance) + inFlight(router(2), lostInstance);
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> hostStates(api).get("node3") == HostStatus.State.LOST);
            double lostAfter = (System.nanoTime() - cutAt) / 1e9;
            System.out.printf("node3 marked lost %.2f s after its link was cut%n", lostAfter);
            assertThat(lostAfter).isLessThanOrEqualTo(3.0);
            FleetCli.Run hosts = gantry.run("hosts", ENV, "--server", server.apiUrl(), "--token", server.token());
            assertThat(hosts.out()).containsPattern("node3 .* lost \\(silent");

            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(api.list("/api/v1/instances?app=markdown", InstanceView.class))
                            .filteredOn(v -> v.state() == InstanceState.READY && !v.draining())
                            .extracting(InstanceView::host)
                            .hasSize(3)
                            .containsOnly("node1", "node2"));
            load1.awaitMorePassed(200);
            load2.awaitMorePassed(200);
            load1.close();
            load2.close();
            long failed = load1.failed() + load2.failed();
            System.out.printf(
                    "renders: %d passed, %d failed (%s %s); in flight to node3 at the cut: %d%n",
                    load1.passed() + load2.passed(), failed, load1.failures(), load2.failures(), inFlight);
            assertThat(failed)
                    .as("failed renders, beyond the %d in flight to node3 at the cut", inFlight)
                    .isLessThanOrEqualTo(inFlight);
        }

        FleetCli.Run heal = gantry.run("chaos", "heal", ENV, "node3");
        assertThat(heal.exit()).as(heal.err()).isZero();
        cut = false;
        await().atMost(Duration.ofSeconds(30)).until(() -> hostStates(api).get("node3") == HostStatus.State.UP);
    }

    /**
     * When one of the environment's veths goes down, watched every millisecond from now: the instant of the cut,
     * rather than when the {@code gantry chaos cut} process started or ended.
     */
    private static java.util.concurrent.CompletableFuture<Long> linkDown() throws Exception {
        List<Path> links;
        try (var s = Files.list(Path.of("/sys/class/net"))) {
            links = s.filter(p -> p.getFileName().toString().startsWith("gv-" + ENV + "-"))
                    .toList();
        }
        assertThat(links).hasSize(3);
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < until) {
                for (Path link : links) {
                    try {
                        if (Files.readString(link.resolve("operstate")).strip().equals("down"))
                            return System.nanoTime();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            throw new IllegalStateException("no link of " + ENV + " went down in 30 s");
        });
    }

    private static String router(int host) {
        return "http://" + NETWORK + "." + (host + 1) + ":" + ROUTER_PORT;
    }

    private GitCli.Run push(TestApi api) throws Exception {
        GitCli git = GitCli.init(dir.resolve("markdown-src"), dir.resolve("home"));
        git.commit(
                "markdown, three instances",
                Map.of(
                        "gantry.yml",
                        "name: markdown\n"
                                + "run: java -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar " + AppDir.markdown()
                                + "\ninstances: 3\ngrace: 3s\ntest: ./test.sh\n",
                        "test.sh",
                        "#!/bin/sh\necho 'markdown tests passed'\n"));
        String deployer = token(api, "chaos-pusher", "deployer");
        String url = server.apiUrl().replace("http://", "http://git:" + deployer + "@") + "/git/markdown.git";
        return git.run("push", url, "main");
    }

    private static String token(TestApi api, String name, String role) {
        Reply r = api.raw("POST", "/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json(TokenCreated.class).token();
    }

    private static Map<String, HostStatus.State> hostStates(TestApi api) {
        return api.list("/api/v1/hosts", HostStatus.class).stream()
                .collect(Collectors.toMap(HostStatus::host, HostStatus::state));
    }

    /** The router's count of requests sent to each backend, from its metrics. */
    private static Map<String, Long> servedBy(String router, String token) throws Exception {
        return metric(router, token, "gantry_router_requests_total");
    }

    private int inFlight(String router, String instance) throws Exception {
        return metric(router, server.token(), "gantry_router_outstanding_requests")
                .getOrDefault(instance, 0L)
                .intValue();
    }

    private static Map<String, Long> metric(String router, String token, String name) throws Exception {
        HttpResponse<String> r = get(router, "/_gantry/metrics", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Long> out = new TreeMap<>();
        for (String line : r.body().lines().toList()) {
            if (!line.startsWith(name + "{") || !line.contains("app=\"markdown\"")) continue;
            String backend = line.replaceAll(".*backend=\"([^\"]+)\".*", "$1");
            out.merge(backend, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Long::sum);
        }
        return out;
    }

    private static HttpResponse<String> get(String base, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One render of the design survey's first case and the preview it must give. */
    private record Render(String body, String expected) {
        static Render survey() throws Exception {
            String shared = System.getenv("GANTRY_SHARED");
            Path base = shared != null
                    ? Path.of(shared)
                    : AppDir.root().resolve("../shared").normalize();
            JsonNode survey = Json.mapper()
                    .readTree(Files.readString(base.resolve("marqdown/cases.json")))
                    .get(0);
            return new Render(
                    Json.write(Map.of("markdown", survey.path("markdown").asText())),
                    survey.path("html").asText());
        }

        HttpRequest request(String router) {
            return HttpRequest.newBuilder(URI.create(router + "/api/design/survey"))
                    .header("Host", "markdown.localhost")
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        }

        boolean ok(HttpResponse<String> r) {
            if (r.statusCode() != 200) return false;
            try {
                return Json.mapper().readTree(r.body()).path("preview").asText().equals(expected);
            } catch (Exception e) {
                return false;
            }
        }

        boolean through(String router) throws Exception {
            return ok(HttpClient.newHttpClient().send(request(router), HttpResponse.BodyHandlers.ofString()));
        }

        /** Three clients, ten renders a second each, for at most three minutes. */
        LoadLoop load(String router) {
            return LoadLoop.start(Duration.ofMinutes(3), 3, 10, 5_400, () -> request(router), this::ok);
        }
    }
}
