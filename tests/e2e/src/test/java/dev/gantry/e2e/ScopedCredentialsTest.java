package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.AgentReport;
import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceView;
import dev.gantry.api.TokenCreated;
import dev.gantry.api.TokenSummary;
import dev.gantry.api.client.Reply;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet shape with scoped credentials: a control plane, an agent process that joins with a
 * join token and no admin token anywhere near it, and a router process reading a router
 * credential from GANTRY_TOKEN_FILE. An app deploys onto the joined host, its logs come back
 * through the control plane, and it answers through the router.
 */
class ScopedCredentialsTest {
    @TempDir
    Path tmp;

    @Test
    void anAgentJoinsWithAJoinTokenAndARouterRunsOnARouterCredential() throws Exception {
        List<Process> processes = new ArrayList<>();
        try (GantryServer server = GantryServer.start(ServerConfig.of(tmp.resolve("data"), 0), List.of())) {
            TestApi admin = new TestApi(server.apiUrl(), server.token());
            TokenCreated join = create(admin, "fleet-join", "join");
            Path agentData = tmp.resolve("agent-data");
            processes.add(gantry(
                    Map.of("GANTRY_JOIN_TOKEN", join.token()),
                    "agent",
                    "--server",
                    server.apiUrl(),
                    "--host",
                    "joiner",
                    "--port",
                    String.valueOf(freePort()),
                    "--data-dir",
                    agentData.toString()));

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> admin.list("/api/v1/agents", AgentReport.class).stream()
                            .anyMatch(a -> a.host().equals("joiner")));
            Path saved = agentData.resolve("agent-joiner").resolve("agent-token");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)))
                    .isEqualTo("rw-------");
            String agentToken = Files.readString(saved).strip();
            assertThat(agentToken).isNotEqualTo(server.token()).isNotEqualTo(join.token());
            assertThat(admin.list("/api/v1/tokens", TokenSummary.class)).anySatisfy(t -> {
                assertThat(t.name()).isEqualTo("agent:joiner");
                assertThat(t.role()).isEqualTo("agent");
                assertThat(t.lastUsedAt()).isNotNull();
            });
            assertThat(admin.withToken(agentToken).raw("GET", "/api/v1/apps").status())
                    .as("an agent credential reads nothing but its own host's state")
                    .isEqualTo(403);

            Deployment deployed = admin.awaitDeployment(
                    admin.upload(AppDir.pack(AppDir.write(tmp, "hello", AppDir.helloYml(1, "")))));
            assertThat(deployed.state()).as(deployed.toString()).isEqualTo(DeploymentState.SUCCEEDED);
            InstanceView instance = admin.list("/api/v1/instances?app=hello", InstanceView.class).stream()
                    .filter(v -> v.state() == InstanceState.READY)
                    .findFirst()
                    .orElseThrow();
            assertThat(instance.host()).isEqualTo("joiner");
            Reply logs = admin.raw("GET", "/api/v1/apps/hello/logs?instance=" + instance.id());
            assertThat(logs.status())
                    .as("the control plane reaches the agent's logs with the key derived from its credential: " + logs)
                    .isEqualTo(200);

            Path routerToken = tmp.resolve("edge.token");
            Files.writeString(routerToken, create(admin, "edge", "router").token() + "\n");
            int routerPort = freePort();
            processes.add(gantry(
                    Map.of("GANTRY_TOKEN_FILE", routerToken.toString()),
                    "router",
                    "--server",
                    server.apiUrl(),
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    String.valueOf(routerPort),
                    "--no-tls",
                    "--data-dir",
                    tmp.resolve("router-data").toString()));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> curl(routerPort, "hello.localhost").endsWith("200"));

            Deployment stopped = admin.awaitDeployment(admin.post("/api/v1/apps/hello/stop"));
            assertThat(stopped.state()).isEqualTo(DeploymentState.SUCCEEDED);
            await().atMost(Duration.ofSeconds(30))
                    .alias("the agent reports its instance gone before it is stopped itself (instances outlive agents)")
                    .until(() -> admin.list("/api/v1/agents", AgentReport.class).stream()
                            .filter(a -> a.host().equals("joiner"))
                            .allMatch(a -> a.instances().isEmpty()));
        } finally {
            for (Process p : processes) {
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
            }
        }
    }

    private static TokenCreated create(TestApi admin, String name, String role) {
        Reply r = admin.raw("POST", "/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json(TokenCreated.class);
    }

    /** The CLI in its own JVM, with no GANTRY_* variable of this JVM's environment besides {@code env}. */
    private Process gantry(Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                AppDir.root().resolve("gantry-cli/target/gantry.jar").toString()));
        argv.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile(tmp, args[0] + "-", ".log").toFile());
        b.environment().keySet().removeIf(k -> k.startsWith("GANTRY_"));
        b.environment().putAll(env);
        return b.start();
    }

    /** The status code curl gets for / on {@code host} through the router. */
    private static String curl(int port, String host) throws Exception {
        Process p = new ProcessBuilder(
                        "curl",
                        "-s",
                        "-o",
                        "/dev/null",
                        "--max-time",
                        "5",
                        "-w",
                        "%{http_code}",
                        "-H",
                        "Host: " + host,
                        "http://127.0.0.1:" + port + "/")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out.strip();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
