package dev.gantry.agent;

import static dev.gantry.agent.AgentHarness.HOST;
import static dev.gantry.agent.AgentHarness.PATIENCE;
import static dev.gantry.agent.AgentHarness.TOKEN;
import static dev.gantry.agent.AgentHarness.alive;
import static dev.gantry.agent.AgentHarness.awaitState;
import static dev.gantry.agent.AgentHarness.status;
import static dev.gantry.agent.AgentHarness.testApp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.InstanceSpec;
import dev.gantry.api.InstanceState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Instance logs as the agent keeps them: rotated by size, with Gantry's own lines timestamped; old releases pruned. */
class AgentLogsTest {
    /** Prints a numbered line of about 60 bytes every 10 ms, so a 2 KiB log is over its size within a second. */
    static final String CHATTY =
            "i=0; while :; do i=$((i+1)); echo \"chatter $i ..........................................\"; sleep 0.01; done";

    static final Pattern CHATTER = Pattern.compile("^chatter (\\d+) ", Pattern.MULTILINE);
    static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @TempDir
    Path tempDir;

    AgentHarness harness;
    FakeControlPlane rotating;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws IOException {
        harness = new AgentHarness(tempDir);
        Path artifact = Files.createDirectories(tempDir.resolve("artifact"));
        Files.writeString(
                artifact.resolve("gantry.yml"), "name: chatty\nrun: ./chatty\nlogs: { max_size: 2Ki, max_files: 3 }\n");
        rotating = new FakeControlPlane(artifact);
    }

    @AfterEach
    void tearDown() {
        harness.cleanUp();
        http.close();
    }

    @Test
    void aChattyInstanceKeepsRunningAndLoggingWhileItsLogRotatesAndNeverHasMoreThanMaxFiles() throws Exception {
        rotating.desire(HOST, chatty("chatty"));
        Agent agent = harness.start(harness.config().build(), rotating);
        long pid = awaitPid(agent, "chatty");

        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            await().atMost(PATIENCE).until(() -> Files.exists(chattyLog().rotated(2)));
            assertThat(chattyLog().rotated(3)).doesNotExist();
            seen.add(lastChatter(readIfThere(chattyLog().rotated(1))));
            Thread.sleep(1100);
        }

        assertThat(seen).isSorted();
        assertThat(seen.getLast()).isGreaterThan(seen.getFirst());
        assertThat(status(agent, "chatty").orElseThrow().pid()).isEqualTo(pid);
        assertThat(alive(pid)).isTrue();
    }

    @Test
    void anAgentRestartLeavesTheInstanceRunningAndRotationGoesOn() throws Exception {
        rotating.desire(HOST, chatty("chatty"));
        Agent first = harness.start(harness.config().build(), rotating);
        long pid = awaitPid(first, "chatty");
        await().atMost(PATIENCE).until(() -> Files.exists(chattyLog().rotated(1)));
        first.close();
        int beforeRestart = lastChatter(readIfThere(chattyLog().rotated(1)));

        Agent second = harness.start(harness.config().build(), rotating);

        assertThat(awaitPid(second, "chatty")).isEqualTo(pid);
        await().atMost(PATIENCE).until(() -> lastChatter(readIfThere(chattyLog().rotated(1))) > beforeRestart + 100);
        assertThat(chattyLog().rotated(3)).doesNotExist();
        assertThat(alive(pid)).isTrue();
    }

    @Test
    void aFollowerReadsOnAcrossRotationsWithoutSeeingALineTwice() throws Exception {
        rotating.desire(HOST, chatty("chatty"));
        Agent agent = harness.start(harness.config().build(), rotating);
        awaitPid(agent, "chatty");

        StringBuilder followed = new StringBuilder();
        long offset = 0;
        long rotationsBefore = rotatedOut("chatty");
        while (rotatedOut("chatty") < rotationsBefore + 4 * 2048) {
            HttpResponse<String> r = getLogs(agent, "chatty", offset);
            followed.append(r.body());
            offset = Long.parseLong(r.headers().firstValue("X-Log-Offset").orElseThrow());
            Thread.sleep(300);
        }

        List<Integer> numbers = CHATTER.matcher(followed)
                .results()
                .map(m -> Integer.parseInt(m.group(1)))
                .toList();
        assertThat(numbers).hasSizeGreaterThan(100).isSorted().doesNotHaveDuplicates();
        assertThat(numbers.getLast() - numbers.getFirst() + 1 - numbers.size())
                .as("lines lost at rotations")
                .isLessThan(20);
    }

    @Test
    void gantrysOwnLinesInTheLogAreTimestampedStartExitRestartStopAndHealth() throws Exception {
        harness.controlPlane.desire(
                HOST,
                testApp("noted"),
                new InstanceSpec("crasher", "testapp", 1, "echo about to fail; exit 3", "/health", null, 1));
        Agent agent = harness.start();
        long pid = awaitState(agent, "noted", InstanceState.READY).pid();
        await().atMost(PATIENCE)
                .until(() ->
                        status(agent, "crasher").map(s -> s.restarts() >= 1).orElse(false));
        harness.controlPlane.desire(HOST);
        await().atMost(PATIENCE).until(() -> agent.statuses().isEmpty());

        String noted = Files.readString(log("testapp", "noted").file());
        assertThat(noted)
                .containsPattern(
                        "(?m)^" + TIMESTAMP + " \\[gantry\\] started pid=" + pid + " port=\\d+ release=1 user=[\\w-]+$")
                .containsPattern("(?m)^" + TIMESTAMP + " \\[gantry\\] READY \\(health /health: 200\\)$")
                .containsPattern("(?m)^" + TIMESTAMP + " \\[gantry\\] stopping: SIGTERM sent, SIGKILL after 2s$")
                .containsPattern("(?m)^" + TIMESTAMP + " \\[gantry\\] stopped$");
        String crasher = Files.readString(log("testapp", "crasher").file());
        assertThat(crasher)
                .containsPattern("(?m)^" + TIMESTAMP + " \\[gantry\\] exited with code 3, restarting in 1s$")
                .containsPattern(
                        "(?m)^" + TIMESTAMP + " \\[gantry\\] started pid=\\d+ port=\\d+ release=1 user=[\\w-]+$");
    }

    @Test
    void oldReleasesAreDeletedButNotTheOnesInstancesStillRun() {
        Agent agent = harness.start(harness.config().keepReleases(1).build(), harness.controlPlane);
        harness.controlPlane.desire(HOST, sleeper("old", 1), sleeper("mid", 2));
        long oldPid = awaitPid(agent, "old");
        awaitPid(agent, "mid");

        harness.controlPlane.desire(HOST, sleeper("old", 1), sleeper("new", 3));

        awaitPid(agent, "new");
        await().atMost(PATIENCE).until(() -> !Files.exists(releases().resolve("2")));
        assertThat(releases().resolve("1")).isDirectory();
        assertThat(releases().resolve("3")).isDirectory();
        assertThat(status(agent, "old").orElseThrow().pid()).isEqualTo(oldPid);
    }

    private static InstanceSpec chatty(String id) {
        return new InstanceSpec(id, "chatty", 1, CHATTY, "/health", null, 1);
    }

    private static InstanceSpec sleeper(String id, int release) {
        return new InstanceSpec(id, "testapp", release, "exec sleep 600", "/health", null, 1);
    }

    private static long awaitPid(Agent agent, String id) {
        await().atMost(PATIENCE)
                .until(() -> status(agent, id).map(s -> s.pid() > 0).orElse(false));
        return status(agent, id).orElseThrow().pid();
    }

    private static int lastChatter(String text) {
        Matcher m = CHATTER.matcher(text);
        int last = -1;
        while (m.find()) last = Integer.parseInt(m.group(1));
        return last;
    }

    private long rotatedOut(String id) throws IOException {
        Path base = log("chatty", id).file().resolveSibling(id + ".log.base");
        return Files.exists(base) ? Long.parseLong(Files.readString(base).strip()) : 0;
    }

    private Path releases() {
        return harness.dataDir.resolve("releases/testapp");
    }

    private InstanceLog chattyLog() {
        return log("chatty", "chatty");
    }

    /** A rotated file can be missing for a moment while the files are shifted. */
    private static String readIfThere(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private InstanceLog log(String app, String id) {
        return new InstanceLog(harness.dataDir.resolve("logs").resolve(app).resolve(id + ".log"));
    }

    private HttpResponse<String> getLogs(Agent agent, String id, long offset) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + agent.httpPort() + "/logs/" + id + "?offset=" + offset);
        return http.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
