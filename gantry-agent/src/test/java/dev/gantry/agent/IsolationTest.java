package dev.gantry.agent;

import static dev.gantry.agent.AgentHarness.HOST;
import static dev.gantry.agent.AgentHarness.PATIENCE;
import static dev.gantry.agent.AgentHarness.awaitState;
import static dev.gantry.agent.AgentHarness.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gantry.api.AgentReport;
import dev.gantry.api.AgentReport.CgroupVersion;
import dev.gantry.api.AppSpec;
import dev.gantry.api.InstanceSpec;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Isolated instances with real processes, accounts and cgroups: a clean environment, another account when the agent
 * runs as root, memory and CPU limits. Tests that need root or a writable cgroup controller are skipped, saying so,
 * where there is none.
 */
class IsolationTest {
    private static final String SECRET = "s3cr3t-agent-token-0123456789";
    private static final Path PROC = Path.of("/proc");

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
    void anInstanceGetsPortGantryVariablesItsOwnEnvAndABaseButNothingOfTheAgentsEnvironment() throws Exception {
        Path data = tempDir.resolve("child-data");
        Path agentOutput = tempDir.resolve("child-agent.out");
        ProcessBuilder agentJvm = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ChildAgent.class.getName(),
                        data.toString(),
                        AgentHarness.testAppDir().toString(),
                        "env")
                .redirectErrorStream(true)
                .redirectOutput(agentOutput.toFile());
        agentJvm.environment()
                .putAll(Map.of(
                        "GANTRY_TOKEN",
                        SECRET,
                        "AWS_SECRET_ACCESS_KEY",
                        SECRET + "-aws",
                        "LD_PRELOAD",
                        "/nonexistent/evil.so",
                        "HOME",
                        "/root/agents-home"));
        Process child = agentJvm.start();
        assertThat(child.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .as("child agent finished")
                .isTrue();
        assertThat(child.exitValue()).as(Files.readString(agentOutput)).isZero();

        String log = Files.readString(data.resolve("logs/testapp/" + ChildAgent.INSTANCE + ".log"));
        Map<String, String> env = log.lines()
                .filter(l -> !l.contains("[gantry]") && l.contains("="))
                .collect(Collectors.toMap(
                        l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> b));
        Set<String> names = new TreeSet<>(env.keySet());
        names.remove("PWD");
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "PATH",
                        "HOME",
                        "USER",
                        "LOGNAME",
                        "LANG",
                        "GREETING",
                        "PORT",
                        "GANTRY_APP",
                        "GANTRY_RELEASE",
                        "GANTRY_INSTANCE");
        assertThat(log)
                .doesNotContain(SECRET)
                .doesNotContain("child-agent-token")
                .doesNotContain("evil.so")
                .doesNotContain("agents-home");
        assertThat(env)
                .containsEntry("GREETING", "hi")
                .containsEntry("GANTRY_INSTANCE", ChildAgent.INSTANCE)
                .containsEntry("LANG", "C.UTF-8");
        assertThat(env.get("PATH"))
                .isEqualTo(Path.of(System.getProperty("java.home"), "bin") + ":/usr/local/bin:/usr/bin:/bin");
    }

    @Test
    void asRootAnInstanceRunsAsTheAppUserAndCannotReadTheDataDirectoryOrACredential() throws Exception {
        assumeTrue(isRoot(), "skipped: the tests do not run as root, so instances run as the agent's own user");
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path token = tempDir.resolve("token");
        Files.writeString(token, SECRET);
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Path data = harness.dataDir;
        String probe = "id -un; cat " + token + "; cat " + data.resolve("desired.json") + "; ls " + data + "; " + "ls "
                + data.resolve("releases") + "; echo probed; exec sleep 600";
        harness.controlPlane.desire(HOST, new InstanceSpec("prober", "testapp", 1, probe, "/health", Map.of(), 1));
        Agent agent = harness.start();

        await().atMost(PATIENCE)
                .until(() -> Files.exists(log("prober"))
                        && Files.readString(log("prober")).contains("probed"));
        String out = Files.readString(log("prober"));
        assertThat(out).contains("\ngantry-app\n").doesNotContain(SECRET).doesNotContain("\"instances\"");
        assertThat(out.lines().filter(l -> l.contains("Permission denied"))).hasSize(4);
        InstanceStatus status = status(agent, "prober").orElseThrow();
        assertThat(status.user()).isEqualTo("gantry-app");
        assertThat((Integer) Files.getAttribute(PROC.resolve(Long.toString(status.pid())), "unix:uid"))
                .isNotZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("desired.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void anInstanceAllocatingPastItsMemoryLimitIsReportedOomWithTheLimit() {
        Cgroups cgroups = cgroupsOrSkip();
        harness.controlPlane.desire(
                HOST,
                limited(
                        "hog",
                        "exec python3 -c \"import time; b = b'x' * (256 << 20); time.sleep(600)\"",
                        new AppSpec.Resources(32L << 20, 0)));
        Agent agent = harness.start();

        InstanceStatus oom = awaitState(agent, "hog", InstanceState.OOM);

        assertThat(oom.message()).startsWith("killed by its memory limit of 32Mi (OOM, exit code ");
        assertThat(oom.oomKills()).isPositive();
        assertThat(oom.memoryLimitBytes()).isEqualTo(32L << 20);
        assertThat(cgroups.version()).isNotEqualTo(CgroupVersion.NONE);
    }

    @Test
    void aSpinningInstanceIsHeldToItsCpuShare() {
        cgroupsOrSkip();
        harness.controlPlane.desire(HOST, limited("spinner", "while :; do :; done", new AppSpec.Resources(0, 0.2)));
        Agent agent = harness.start();
        long pid = awaitPid(agent, "spinner");
        ProcStat proc = new ProcStat(PROC);

        long ticksBefore = proc.cpuTicks(pid).orElseThrow();
        Instant from = Instant.now();
        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> true);
        long ticks = proc.cpuTicks(pid).orElseThrow() - ticksBefore;
        double seconds = Duration.between(from, Instant.now()).toMillis() / 1000.0;

        double cores = ticks / (double) ProcStat.TICKS_PER_SECOND / seconds;
        assertThat(cores)
                .as("CPU used per second of a spin limited to 0.2 cores")
                .isLessThan(0.5)
                .isGreaterThan(0.02);
        assertThat(status(agent, "spinner").orElseThrow().cpuLimit()).isEqualTo(0.2);
    }

    @Test
    void limitsSurviveAnAgentRestartAndTheCgroupGoesWithTheInstance() throws IOException {
        Cgroups cgroups = cgroupsOrSkip();
        harness.controlPlane.desire(HOST, limited("keeper", "exec sleep 600", new AppSpec.Resources(64L << 20, 0.5)));
        Agent first = harness.start();
        long pid = awaitPid(first, "keeper");
        await().atMost(PATIENCE).until(() -> cgroups.of("keeper", pid).isPresent());
        Cgroup cgroup = cgroups.of("keeper", pid).orElseThrow();
        assertThat(memoryLimit(cgroup)).isEqualTo(64L << 20);
        first.close();

        Agent second = harness.start();
        await().atMost(PATIENCE)
                .until(() -> status(second, "keeper").map(s -> s.pid() == pid).orElse(false));
        InstanceStatus adopted = status(second, "keeper").orElseThrow();
        assertThat(adopted.memoryLimitBytes()).isEqualTo(64L << 20);
        assertThat(adopted.cpuLimit()).isEqualTo(0.5);
        assertThat(cgroups.of("keeper", pid)).contains(cgroup);
        assertThat(memoryLimit(cgroup)).isEqualTo(64L << 20);
        await().atMost(PATIENCE)
                .until(() ->
                        status(second, "keeper").map(s -> s.memoryBytes() > 0).orElse(false));
        AgentReport.Isolation isolation = harness.controlPlane.lastReport().isolation();
        assertThat(isolation.cgroups()).isEqualTo(cgroups.version());

        harness.controlPlane.desire(HOST);
        await().atMost(PATIENCE).until(() -> second.statuses().isEmpty());
        assertThat(Files.exists(cgroup.memoryDir())).isFalse();
        assertThat(Files.exists(cgroup.cpuDir())).isFalse();
    }

    private Cgroups cgroupsOrSkip() {
        Cgroups cgroups = Cgroups.probe(PROC, Cgroups.scope(HOST, harness.dataDir));
        assumeTrue(
                cgroups.problem() == null, "skipped: no cgroup controller can be written here: " + cgroups.problem());
        return cgroups;
    }

    private static InstanceSpec limited(String id, String command, AppSpec.Resources resources) {
        return new InstanceSpec(id, "testapp", 1, command, "/health", Map.of(), 1, resources, null);
    }

    private static long awaitPid(Agent agent, String id) {
        await().atMost(PATIENCE)
                .until(() -> status(agent, id).map(s -> s.pid() > 0).orElse(false));
        return status(agent, id).orElseThrow().pid();
    }

    private static long memoryLimit(Cgroup cgroup) throws IOException {
        String file = cgroup.version() == CgroupVersion.V1 ? "memory.limit_in_bytes" : "memory.max";
        return Long.parseLong(Files.readString(cgroup.memoryDir().resolve(file)).strip());
    }

    private Path log(String id) {
        return harness.dataDir.resolve("logs/testapp/" + id + ".log");
    }

    private static boolean isRoot() {
        return AppUser.agent().uid() == 0;
    }
}
