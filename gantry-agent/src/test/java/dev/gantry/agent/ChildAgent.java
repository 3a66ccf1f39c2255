package dev.gantry.agent;

import static org.awaitility.Awaitility.await;

import dev.gantry.api.InstanceSpec;
import dev.gantry.api.InstanceState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * An agent in a JVM of its own, for a test that needs secrets in the agent's process environment: runs one instance
 * of {@code command} until it has exited once, stops it and exits. Arguments: data dir, artifact dir, command.
 */
final class ChildAgent {
    static final String HOST = "child";
    static final String INSTANCE = "env-probe";

    private ChildAgent() {}

    public static void main(String[] args) {
        FakeControlPlane controlPlane = new FakeControlPlane(Path.of(args[1]));
        controlPlane.desire(
                HOST, new InstanceSpec(INSTANCE, "testapp", 1, args[2], "/health", Map.of("GREETING", "hi"), 1));
        AgentConfig config = AgentConfig.builder(HOST, Path.of(args[0]), "child-agent-token")
                .httpPort(0)
                .ports(22000, 22999)
                .reconcileInterval(Duration.ofMillis(300))
                .build();
        try (Agent agent = new Agent(config, controlPlane, Clock.systemUTC())) {
            agent.start();
            await().atMost(AgentHarness.PATIENCE)
                    .until(() -> AgentHarness.status(agent, INSTANCE)
                            .map(s -> s.state() == InstanceState.BACKOFF || s.state() == InstanceState.CRASH_LOOP)
                            .orElse(false));
            agent.stopAllInstances();
        }
        System.exit(0);
    }
}
