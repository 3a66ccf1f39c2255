package dev.gantry.agent;

import static dev.gantry.agent.AgentHarness.HOST;
import static dev.gantry.agent.AgentHarness.PATIENCE;
import static dev.gantry.agent.AgentHarness.alive;
import static dev.gantry.agent.AgentHarness.awaitState;
import static dev.gantry.agent.AgentHarness.status;
import static dev.gantry.agent.AgentHarness.testApp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRestartTest {
    @TempDir
    Path tempDir;

    AgentHarness harness;

    @BeforeEach
    void setUp() {
        harness = new AgentHarness(tempDir);
    }

    @AfterEach
    void tearDown() {
        harness.cleanUp();
    }

    @Test
    void aRestartedAgentAdoptsRunningInstancesAndStopsTheOnesNoLongerDesired() {
        harness.controlPlane.desire(HOST, testApp("stay"), testApp("go"));
        Agent first = harness.start();
        InstanceStatus stay = awaitState(first, "stay", InstanceState.READY);
        InstanceStatus go = awaitState(first, "go", InstanceState.READY);

        first.close();
        assertThat(harness.get(stay.port(), "/")).contains("GANTRY_INSTANCE=stay");
        assertThat(harness.get(go.port(), "/")).contains("GANTRY_INSTANCE=go");
        harness.controlPlane.desire(HOST, testApp("stay"), testApp("new"));
        Agent second = harness.start();

        InstanceStatus adopted = awaitState(second, "stay", InstanceState.READY);
        assertThat(adopted.pid()).isEqualTo(stay.pid());
        assertThat(adopted.port()).isEqualTo(stay.port());
        // adoption is not a restart (the first run may have restarted it, e.g. when another process took its port)
        assertThat(adopted.restarts()).isEqualTo(stay.restarts());
        await().atMost(PATIENCE).until(() -> status(second, "go").isEmpty() && !alive(go.pid()));
        InstanceStatus fresh = awaitState(second, "new", InstanceState.READY);
        assertThat(fresh.port()).isNotEqualTo(stay.port());
        assertThat(second.statuses()).extracting(InstanceStatus::id).containsExactlyInAnyOrder("stay", "new");
        assertThat(ProcessHandle.current()
                        .children()
                        .filter(p -> p.pid() == stay.pid())
                        .count())
                .isEqualTo(1);
    }

    @Test
    void anAdoptedInstanceThatDiesIsRestarted() {
        harness.controlPlane.desire(HOST, testApp("phoenix"));
        Agent first = harness.start();
        long pid = awaitState(first, "phoenix", InstanceState.READY).pid();
        first.close();
        Agent second = harness.start();
        int restartsBefore = awaitState(second, "phoenix", InstanceState.READY).restarts();

        ProcessTree.of(ProcessHandle.of(pid).orElseThrow()).members().forEach(ProcessHandle::destroyForcibly);

        await().atMost(PATIENCE)
                .until(() -> status(second, "phoenix")
                        .map(s -> s.state() == InstanceState.READY && s.pid() != pid && s.restarts() > restartsBefore)
                        .orElse(false));
    }

    @Test
    void aRecordWhosePidNowBelongsToAnotherProcessIsForgottenAndThatProcessLeftAlone() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "600").start();
        Files.createDirectories(harness.dataDir);
        InstanceStore store = new InstanceStore(harness.dataDir);
        store.save(List.of(new InstanceRecord("ghost", testApp("ghost"), stranger.pid(), 21500, 12345L, 0, null)));
        harness.controlPlane.desire(HOST);

        Agent agent = harness.start();

        await().atMost(PATIENCE).until(() -> harness.controlPlane.desiredCalls() >= 3);
        assertThat(status(agent, "ghost")).isEmpty();
        assertThat(stranger.isAlive()).isTrue();
    }

    @Test
    void instancesKeepRunningWhileTheControlPlaneIsUnreachable() {
        harness.controlPlane.desire(HOST, testApp("steady"));
        Agent agent = harness.start();
        InstanceStatus before = awaitState(agent, "steady", InstanceState.READY);

        harness.controlPlane.unreachable(true);
        int failuresSoFar = harness.controlPlane.failedCalls();
        await().atMost(PATIENCE).until(() -> harness.controlPlane.failedCalls() >= failuresSoFar + 10);

        InstanceStatus after = status(agent, "steady").orElseThrow();
        assertThat(after.state()).isEqualTo(InstanceState.READY);
        assertThat(after.pid()).isEqualTo(before.pid());
        assertThat(harness.get(after.port(), "/")).contains("GANTRY_INSTANCE=steady");
    }

    @Test
    void anAgentRestartedWhileTheControlPlaneIsUnreachableUsesTheDesiredStateOnDisk() {
        harness.controlPlane.desire(HOST, testApp("alpha"), testApp("beta"));
        Agent first = harness.start();
        InstanceStatus alpha = awaitState(first, "alpha", InstanceState.READY);
        InstanceStatus beta = awaitState(first, "beta", InstanceState.READY);
        first.close();
        harness.controlPlane.unreachable(true);
        ProcessTree.of(ProcessHandle.of(beta.pid()).orElseThrow()).members().forEach(ProcessHandle::destroyForcibly);
        await().atMost(PATIENCE).until(() -> !alive(beta.pid()));

        Agent second = harness.start();

        InstanceStatus betaAgain = awaitState(second, "beta", InstanceState.READY);
        assertThat(betaAgain.pid()).isNotEqualTo(beta.pid());
        assertThat(status(second, "alpha").orElseThrow().pid()).isEqualTo(alpha.pid());
        assertThat(status(second, "alpha").orElseThrow().state()).isEqualTo(InstanceState.READY);
        assertThat(harness.controlPlane.desiredCalls()).isPositive();
        assertThat(Files.exists(harness.dataDir.resolve("desired.json"))).isTrue();
    }
}
