package dev.gantry.agent;

import static dev.gantry.agent.AgentHarness.HOST;
import static dev.gantry.agent.AgentHarness.PATIENCE;
import static dev.gantry.agent.AgentHarness.alive;
import static dev.gantry.agent.AgentHarness.awaitState;
import static dev.gantry.agent.AgentHarness.awaitStatus;
import static dev.gantry.agent.AgentHarness.status;
import static dev.gantry.agent.AgentHarness.testApp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.api.InstanceSpec;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.client.UnreachableException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTest {
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
    void startsInstancesWithPortAndGantryEnvironmentThatBecomeReadyOnDistinctPortsAndWriteLogs() throws Exception {
        harness.controlPlane.desire(HOST, testApp("app-a", "GREETING", "hello"), testApp("app-b"));
        Agent agent = harness.start();

        InstanceStatus a = awaitState(agent, "app-a", InstanceState.READY);
        InstanceStatus b = awaitState(agent, "app-b", InstanceState.READY);

        assertThat(a.port()).isNotEqualTo(b.port()).isBetween(21000, 21999);
        assertThat(harness.get(a.port(), "/"))
                .contains(
                        "PORT=" + a.port(),
                        "GANTRY_APP=testapp",
                        "GANTRY_RELEASE=1",
                        "GANTRY_INSTANCE=app-a",
                        "GREETING=hello",
                        "java.home=" + System.getProperty("java.home"));
        assertThat(harness.get(b.port(), "/")).contains("GANTRY_INSTANCE=app-b");
        assertThat(Files.readString(harness.dataDir.resolve("logs/testapp/app-a.log")))
                .contains("listening on " + a.port());
        assertThat(harness.controlPlane.fetches()).isEqualTo(1);
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> assertThat(harness.controlPlane.lastReport().instances())
                                .filteredOn(s -> s.state() == InstanceState.READY)
                                .hasSize(2)
                                .allSatisfy(s -> assertThat(s.rssBytes()).isPositive()));
        assertThat(harness.controlPlane.lastReport().agentUrl()).isEqualTo("http://127.0.0.1:" + agent.httpPort());
        assertThat(harness.controlPlane.lastReport().memTotalBytes()).isPositive();
    }

    @Test
    void scalingDownStopsTheExtraInstanceGracefully() throws Exception {
        harness.controlPlane.desire(HOST, testApp("keep"), testApp("extra"));
        Agent agent = harness.start();
        awaitState(agent, "keep", InstanceState.READY);
        long extraPid = awaitState(agent, "extra", InstanceState.READY).pid();

        harness.controlPlane.desire(HOST, testApp("keep"));

        await().atMost(PATIENCE).until(() -> status(agent, "extra").isEmpty() && !alive(extraPid));
        assertThat(Files.readString(harness.dataDir.resolve("logs/testapp/extra.log")))
                .contains("stopping on SIGTERM");
        assertThat(agent.statuses()).extracting(InstanceStatus::id).containsExactly("keep");
        assertThat(status(agent, "keep").orElseThrow().state()).isEqualTo(InstanceState.READY);
    }

    @Test
    void anInstanceIgnoringSigtermIsKilledAfterItsGracePeriodWithItsWholeProcessTree() {
        harness.controlPlane.desire(HOST, testApp("stubborn", "TEST_IGNORE_SIGTERM", "1", "TEST_CHILD", "1"));
        Agent agent = harness.start();
        long pid = awaitState(agent, "stubborn", InstanceState.READY).pid();
        List<ProcessHandle> tree =
                ProcessTree.of(ProcessHandle.of(pid).orElseThrow()).members();
        assertThat(tree).hasSizeGreaterThanOrEqualTo(2);

        harness.controlPlane.desire(HOST);

        await().atMost(PATIENCE)
                .until(() -> isStoppingWith(agent, "SIGKILL")
                        || status(agent, "stubborn").isEmpty());
        await().atMost(PATIENCE).until(() -> status(agent, "stubborn").isEmpty());
        await().atMost(PATIENCE).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void stoppingAllInstancesReturnsOnceEveryProcessTreeIsGoneTheStubbornOneKilledAfterItsGrace() throws Exception {
        harness.controlPlane.desire(
                HOST, testApp("polite"), testApp("stubborn", "TEST_IGNORE_SIGTERM", "1", "TEST_CHILD", "1"));
        Agent agent = harness.start();
        List<ProcessHandle> trees = new java.util.ArrayList<>();
        for (String id : List.of("polite", "stubborn")) {
            long pid = awaitState(agent, id, InstanceState.READY).pid();
            trees.addAll(ProcessTree.of(ProcessHandle.of(pid).orElseThrow()).members());
        }

        agent.stopAllInstances();

        assertThat(agent.statuses()).isEmpty();
        assertThat(trees).noneMatch(ProcessHandle::isAlive);
        assertThat(Files.readString(harness.dataDir.resolve("logs/testapp/stubborn.log")))
                .contains("did not stop within 2s after SIGTERM, sent SIGKILL", "stopped");
    }

    @Test
    void anAppProcessKilledWithSigkillIsRestartedAndCountsTheRestart() {
        harness.controlPlane.desire(HOST, testApp("victim"));
        Agent agent = harness.start();
        InstanceStatus before = awaitState(agent, "victim", InstanceState.READY);
        List<ProcessHandle> tree =
                ProcessTree.of(ProcessHandle.of(before.pid()).orElseThrow()).members();

        tree.get(tree.size() - 1).destroyForcibly();

        await().atMost(PATIENCE)
                .until(() -> status(agent, "victim")
                        .map(s -> s.state() == InstanceState.READY
                                && s.pid() != before.pid()
                                // one restart for the kill; more only if a start failed on its own (a port taken
                                // between the agent's check and the app's bind, seen with other agents on the host)
                                && s.restarts() >= before.restarts() + 1)
                        .orElse(false));
        assertThat(status(agent, "victim").orElseThrow().message()).isEqualTo("ready");
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void whenOnlyTheShellIsKilledItsOrphanedAppIsKilledTooAndTheInstanceRestarted() {
        harness.controlPlane.desire(HOST, testApp("orphaned"));
        Agent agent = harness.start();
        InstanceStatus before = awaitState(agent, "orphaned", InstanceState.READY);
        List<ProcessHandle> tree =
                ProcessTree.of(ProcessHandle.of(before.pid()).orElseThrow()).members();
        assertThat(tree).hasSizeGreaterThanOrEqualTo(2);

        tree.get(0).destroyForcibly();

        await().atMost(PATIENCE).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        InstanceStatus after = awaitState(agent, "orphaned", InstanceState.READY);
        assertThat(after.restarts()).isEqualTo(1);
    }

    @Test
    void anOrphanTheAgentNeverObservedIsKilledThroughItsProcessGroup() {
        harness.controlPlane.desire(HOST, testApp("unseen", "TEST_HEALTH", "never"));
        Agent agent = harness.start();
        InstanceStatus starting = awaitState(agent, "unseen", InstanceState.STARTING);
        ProcessHandle shell = ProcessHandle.of(starting.pid()).orElseThrow();
        await().atMost(PATIENCE).until(() -> shell.children().findAny().isPresent());
        List<ProcessHandle> tree = ProcessTree.of(shell).members();

        shell.destroyForcibly();

        await().atMost(PATIENCE).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void aCommandThatExitsAtOnceBacksOffAndThenIsReportedAsCrashLooping() {
        InstanceSpec crasher =
                new InstanceSpec("crasher", "testapp", 1, "echo about to fail; exit 3", "/health", null, 1);
        harness.controlPlane.desire(HOST, crasher);
        Agent agent = harness.start();

        InstanceStatus backoff = awaitState(agent, "crasher", InstanceState.BACKOFF);
        assertThat(backoff.message()).startsWith("exited with code 3, restarting in ");
        InstanceStatus loop = awaitState(agent, "crasher", InstanceState.CRASH_LOOP);
        assertThat(loop.message()).contains("crash loop", "exited with code 3", "restarting in 30s");
        assertThat(loop.restarts()).isEqualTo(2);
    }

    @Test
    void anInstanceWhoseHealthPathNeverAnswersStaysStartingWithAMessage() {
        harness.controlPlane.desire(HOST, testApp("mute", "TEST_HEALTH", "never"));
        Agent agent = harness.start();

        await().atMost(PATIENCE)
                .until(() -> status(agent, "mute")
                        .map(s -> s.message().contains("no answer within"))
                        .orElse(false));
        InstanceStatus mute = status(agent, "mute").orElseThrow();
        assertThat(mute.state()).isEqualTo(InstanceState.STARTING);
        assertThat(mute.message()).isEqualTo("health /health: no answer within 800 ms");
        assertThat(harness.get(mute.port(), "/")).contains("GANTRY_INSTANCE=mute");
        assertThat(status(agent, "mute").orElseThrow().state()).isEqualTo(InstanceState.STARTING);
    }

    @Test
    void aReadyInstanceFailingHealthChecksBecomesUnhealthyAndRecovers() throws Exception {
        harness.controlPlane.desire(HOST, testApp("wobbly"));
        Agent agent = harness.start();
        long pid = awaitState(agent, "wobbly", InstanceState.READY).pid();
        Path marker = harness.dataDir.resolve("releases/testapp/1/unhealthy-wobbly");

        Files.createFile(marker);
        // The message is that of the latest failed probe; one that ran out of time under load says so instead of
        // 503, and the next one says 503 again: wait for the state and the message together, not one snapshot.
        awaitStatus(
                agent,
                "wobbly",
                s -> s.state() == InstanceState.UNHEALTHY && s.message().equals("health /health: status 503"));
        Files.delete(marker);

        InstanceStatus ready = awaitState(agent, "wobbly", InstanceState.READY);
        assertThat(ready.pid()).isEqualTo(pid);
        assertThat(ready.restarts()).isZero();
    }

    @Test
    void anInstanceWhosePortAnotherProcessTookIsNeverReadyAndBecomesReadyOnItsOwnListenerOnceThePortIsFree()
            throws Exception {
        int port = PortOwnerTest.freePort();
        // The app starts only once go-late is in its release directory: until then another listener can take its port.
        InstanceSpec late = new InstanceSpec(
                "late",
                "testapp",
                1,
                "while [ ! -e go-late ]; do sleep 0.1; done; exec " + AgentHarness.RUN_TEST_APP,
                "/health",
                null,
                2);
        harness.controlPlane.desire(HOST, late);
        Agent agent = harness.start(harness.config().ports(port, port).build(), harness.controlPlane);
        assertThat(awaitState(agent, "late", InstanceState.STARTING).port()).isEqualTo(port);

        AtomicInteger foreignProbes = new AtomicInteger();
        HttpServer foreign = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        foreign.createContext("/", exchange -> {
            foreignProbes.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        foreign.start();
        try {
            String held = "port " + port + " is held by another process (pid "
                    + ProcessHandle.current().pid() + ")";
            assertThat(awaitStatus(agent, "late", s -> s.message().startsWith(held))
                            .state())
                    .isEqualTo(InstanceState.BACKOFF);
            awaitStatus(
                    agent,
                    "late",
                    s -> s.state() == InstanceState.FAILED
                            && s.message().equals("no free port in " + port + ".." + port));
            assertThat(foreignProbes.get()).isPositive();
        } finally {
            foreign.stop(0);
        }
        Files.createFile(harness.dataDir.resolve("releases/testapp/1/go-late"));

        assertThat(awaitState(agent, "late", InstanceState.READY).port()).isEqualTo(port);
        assertThat(harness.get(port, "/")).contains("GANTRY_INSTANCE=late");
        String log = Files.readString(harness.dataDir.resolve("logs/testapp/late.log"));
        assertThat(log.lines().filter(l -> l.contains("[gantry] READY"))).hasSize(1);
        assertThat(log.indexOf("is held by another process")).isBetween(0, log.indexOf("[gantry] READY"));
    }

    @Test
    void aReleaseThatCannotBeFetchedIsFailedWithTheReasonAndRetried() {
        FetchRefusingControlPlane refusing = new FetchRefusingControlPlane(harness.controlPlane);
        harness.controlPlane.desire(HOST, testApp("unlucky"));
        Agent agent = harness.start(harness.config().build(), refusing);

        await().atMost(PATIENCE)
                .until(() -> status(agent, "unlucky")
                        .map(s ->
                                s.state() == InstanceState.FAILED && s.message().contains("artifact store is down"))
                        .orElse(false));
        await().atMost(PATIENCE).until(() -> refusing.attempts() >= 2);
        assertThat(status(agent, "unlucky").orElseThrow().message())
                .isEqualTo("fetching release 1 of testapp failed: java.io.IOException: artifact store is down");
    }

    @Test
    void aReleaseFetchThatFindsTheControlPlaneDownKeepsPreparingAndIsRetried() {
        FetchRefusingControlPlane down = new FetchRefusingControlPlane(
                harness.controlPlane,
                () -> new UnreachableException(
                        URI.create("http://127.0.0.1:1"),
                        "GET",
                        "http://127.0.0.1:1/api/v1/apps/testapp/releases/1/artifact",
                        new ConnectException("Connection refused")));
        harness.controlPlane.desire(HOST, testApp("patient"));
        Agent agent = harness.start(harness.config().build(), down);

        await().atMost(PATIENCE).until(() -> down.attempts() >= 2);
        InstanceStatus s = status(agent, "patient").orElseThrow();
        assertThat(s.state()).isEqualTo(InstanceState.PREPARING);
        assertThat(s.message()).startsWith("fetching release 1 of testapp waits for the control plane: ");
    }

    private static boolean isStoppingWith(Agent agent, String text) {
        return status(agent, "stubborn")
                .map(s -> s.state() == InstanceState.STOPPING && s.message().contains(text))
                .orElse(false);
    }
}
