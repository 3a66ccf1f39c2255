package dev.gantry.agent;

import static org.awaitility.Awaitility.await;

import dev.gantry.api.InstanceSpec;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts agents on a temp data dir against a {@link FakeControlPlane} and, on {@link #cleanUp()}, closes them,
 * kills every process this test JVM started and removes their cgroups, so no test leaves a process or a cgroup
 * behind even when it fails.
 */
final class AgentHarness {
    static final String HOST = "host-1";
    static final String TOKEN = "test-token";
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final String RUN_TEST_APP = "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m -Xss512k TestApp.java";

    final Path dataDir;
    final FakeControlPlane controlPlane;
    private final List<Agent> agents = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    AgentHarness(Path tempDir) {
        this.dataDir = tempDir.resolve("data");
        this.controlPlane = new FakeControlPlane(testAppDir());
    }

    static Path testAppDir() {
        try {
            return Path.of(AgentHarness.class
                            .getResource("/testapp/TestApp.java")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static InstanceSpec testApp(String id, String... envPairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < envPairs.length; i += 2) env.put(envPairs[i], envPairs[i + 1]);
        return new InstanceSpec(id, "testapp", 1, RUN_TEST_APP, "/health", env, 2);
    }

    AgentConfig.Builder config() {
        return AgentConfig.builder(HOST, dataDir, TOKEN)
                .httpPort(0)
                .ports(21000, 21999)
                .reconcileInterval(Duration.ofMillis(300))
                .healthTimeout(Duration.ofMillis(800));
    }

    Agent start() {
        return start(config().build(), controlPlane);
    }

    Agent start(AgentConfig config, ControlPlane plane) {
        Agent agent = new Agent(config, plane, Clock.systemUTC());
        agents.add(agent);
        agent.start();
        return agent;
    }

    static Optional<InstanceStatus> status(Agent agent, String id) {
        return agent.statuses().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    static boolean isIn(Agent agent, String id, InstanceState state) {
        return status(agent, id).map(s -> s.state() == state).orElse(false);
    }

    /** The first status of {@code id} in {@code state}: the one that matched, not a later read that may have moved on. */
    static InstanceStatus awaitState(Agent agent, String id, InstanceState state) {
        return awaitStatus(agent, id, s -> s.state() == state);
    }

    static InstanceStatus awaitStatus(Agent agent, String id, java.util.function.Predicate<InstanceStatus> wanted) {
        return await().atMost(PATIENCE)
                .until(() -> status(agent, id), s -> s.isPresent() && wanted.test(s.get()))
                .orElseThrow();
    }

    /** GET http://127.0.0.1:port/path, or null if nothing answers. */
    String get(int port, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    void cleanUp() {
        for (Agent agent : agents) {
            try {
                agent.close();
            } catch (RuntimeException e) {
                // keep cleaning up
            }
        }
        List<ProcessHandle> started = ProcessHandle.current().descendants().toList();
        started.forEach(ProcessHandle::destroyForcibly);
        await().atMost(PATIENCE).until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
        Cgroups.probe(Path.of("/proc"), Cgroups.scope(HOST, dataDir)).removeAll();
        http.close();
    }
}
