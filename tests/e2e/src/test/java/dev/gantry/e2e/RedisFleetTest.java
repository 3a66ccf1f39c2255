package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gantry.api.client.Reply;
import dev.gantry.cli.Embedded;
import dev.gantry.flags.EvaluationContext;
import dev.gantry.flags.FlagsClient;
import dev.gantry.fleet.EnvironmentFiles;
import dev.gantry.fleet.NetnsProvider;
import dev.gantry.server.ServerConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis across three netns hosts, as {@code gantry up} lays it out (primary on node1, replicas on node2 and node3,
 * Sentinel on all three), under a control plane that connects through Sentinel with the URI gantry up wrote: a flag
 * written through the API is on a replica's host; with the primary's host cut off, Sentinel promotes a replica, which
 * holds the flags and takes writes; a second {@code gantry up} after all that changes nothing, and
 * {@code gantry destroy} leaves no Redis process behind. Needs root, ansible-core, sshd and redis-server.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class RedisFleetTest {
    private static final String NETWORK = "10.77.211";
    private static final String PRIMARY = NETWORK + ".2";
    private static final String REPLICA = NETWORK + ".3";
    private static final EvaluationContext USER = EvaluationContext.of("u");

    @TempDir
    Path dir;

    private Embedded controlPlane;

    @AfterEach
    void cleanUp() throws Exception {
        if (controlPlane != null) controlPlane.close(true);
        if (Files.exists(dir.resolve("environments/redisf.yml"))) new FleetCli(dir).run("destroy", "redisf");
    }

    @Test
    void flagsOnThePrimaryAreOnTheReplicasAndStayReadableAndWritableWhenThePrimarysHostIsCut() throws Exception {
        assumeTrue(NetnsProvider.runningAsRoot(), "skipped: netns hosts need root (run the tests as root)");
        FleetCli gantry = new FleetCli(dir);
        EnvironmentFiles files = EnvironmentFiles.of(dir.resolve("data"), "redisf");
        Files.createDirectories(dir.resolve("environments"));
        Files.writeString(dir.resolve("environments/redisf.yml"), """
                provider: netns
                network: %s.0/24
                hosts:
                  - {name: node1, roles: [redis]}
                  - {name: node2, roles: [redis]}
                  - {name: node3, roles: [redis]}
                redis: {primary: node1, replicas: [node2, node3], sentinels: [node1, node2, node3]}
                """.formatted(NETWORK));

        FleetCli.Run up = gantry.run("up", "redisf");
        assertThat(up.exit()).as(up.out() + up.err()).isZero();
        String password = Files.readString(files.redisPassword()).strip();
        assertThat(up.out())
                .contains("redisf: redis: primary node1, replicas node2 node3, sentinels on 3 hosts; control plane:"
                        + " GANTRY_REDIS=$(cat " + files.redisUri() + ")")
                .doesNotContain(password);
        String uri = Files.readString(files.redisUri()).strip();
        assertThat(uri)
                .isEqualTo("redis-sentinel://" + password + "@" + NETWORK + ".2:26379," + NETWORK + ".3:26379,"
                        + NETWORK + ".4:26379#gantry-redisf");
        for (Path secret : List.of(files.redisUri(), files.redisPassword()))
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                    .isEqualTo("rw-------");

        controlPlane = Embedded.start(
                new ServerConfig(dir.resolve("server"), NETWORK + ".1", 0, URI.create(uri), Duration.ofMillis(500)),
                URI.create(uri),
                null,
                null,
                0);
        TestApi api = new TestApi(
                controlPlane.server().apiUrl(), controlPlane.server().token());
        putFlag(api, "banner", "before the cut");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> onHost("node2", REPLICA, password, "HGET", "gantry:flags:flags", "banner")
                        .contains("before the cut"));
        try (FlagsClient sdk = sdk(api)) {
            assertThat(sdk.awaitReady(Duration.ofSeconds(30))).isTrue();
            assertThat(sdk.stringValue("banner", USER, "?")).isEqualTo("before the cut");

            long cut = System.nanoTime();
            NetnsProvider.cut("redisf", "node1");
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !primaryNamedBy(REPLICA).equals(PRIMARY));
            long promoted = System.nanoTime();
            System.out.printf(
                    "Sentinel promoted %s %.1f s after node1's link was cut%n",
                    primaryNamedBy(REPLICA), (promoted - cut) / 1e9);

            // the promoted replica (node2 or node3) holds the flag and takes writes (once the other one follows it)
            String promotedAddress = primaryNamedBy(REPLICA);
            String promotedHost = "node" + (Integer.parseInt(promotedAddress.substring(NETWORK.length() + 1)) - 1);
            assertThat(onHost(promotedHost, promotedAddress, password, "HGET", "gantry:flags:flags", "banner"))
                    .contains("before the cut");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> onHost(promotedHost, promotedAddress, password, "SET", "redisf:after-the-cut", "ok")
                            .strip()
                            .equals("OK"));
            System.out.printf(
                    "the promoted replica took a write %.1f s after the cut%n", (System.nanoTime() - cut) / 1e9);

            // the control plane follows Sentinel to the promoted replica: a flag written through the API after the
            // cut is stored there, and the SDK, which kept serving the old value, catches up
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> put(api, "banner", "after the cut").status() / 100 == 2);
            System.out.printf("the control plane wrote a flag %.1f s after the cut%n", (System.nanoTime() - cut) / 1e9);
            assertThat(onHost(promotedHost, promotedAddress, password, "HGET", "gantry:flags:flags", "banner"))
                    .contains("after the cut");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> sdk.stringValue("banner", USER, "?").equals("after the cut"));
            System.out.printf("the SDK served it %.1f s after the cut%n", (System.nanoTime() - cut) / 1e9);
        }

        NetnsProvider.heal("redisf", "node1");
        FleetCli.Run again = gantry.run("up", "redisf");
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("redisf: ansible: 0 changed\n").endsWith("redisf is up; nothing changed\n");

        controlPlane.close(true);
        controlPlane = null;
        FleetCli.Run destroyed = gantry.run("destroy", "redisf");
        assertThat(destroyed.exit()).as(destroyed.err()).isZero();
        assertThat(processesOf(files)).isEmpty();
    }

    private static void putFlag(TestApi api, String key, String value) {
        Reply r = put(api, key, value);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static Reply put(TestApi api, String key, String value) {
        String json = "{\"key\":\"" + key + "\",\"type\":\"string\",\"variants\":{\"a\":\"" + value
                + "\"},\"environments\":{\"production\":{\"enabled\":true,\"defaultVariant\":\"a\"}},"
                + "\"reason\":\"test\"}";
        return api.raw("PUT", "/api/v1/flags/" + key, json);
    }

    private FlagsClient sdk(TestApi api) {
        Reply key = api.raw("POST", "/api/v1/sdk-keys", "{\"env\":\"production\",\"name\":\"redisf\"}");
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        String secret = key.body().replaceAll("(?s).*\"key\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        return FlagsClient.builder()
                .baseUrl(URI.create(controlPlane.server().apiUrl()))
                .sdkKey(secret)
                .environment("production")
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .build()
                .start();
    }

    /** A redis-cli command run on {@code host}'s own host against its Redis at {@code address}. */
    private static String onHost(String host, String address, String password, String... command) throws Exception {
        return redisCli(
                password,
                Stream.concat(
                                Stream.of("ip", "netns", "exec", "gantry-redisf-" + host, "redis-cli", "-h", address),
                                Stream.of(command))
                        .toList());
    }

    /** The primary's address as the sentinel at {@code sentinel} names it. */
    private static String primaryNamedBy(String sentinel) throws Exception {
        String reply = redisCli(
                null,
                List.of(
                        "redis-cli",
                        "-h",
                        sentinel,
                        "-p",
                        "26379",
                        "SENTINEL",
                        "get-master-addr-by-name",
                        "gantry-redisf"));
        return reply.lines().findFirst().orElse("");
    }

    private static String redisCli(String password, List<String> argv) throws Exception {
        ProcessBuilder b = new ProcessBuilder(argv).redirectErrorStream(true);
        if (password != null) b.environment().put("REDISCLI_AUTH", password);
        Process p = b.start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as(String.join(" ", argv)).isTrue();
        return new String(p.getInputStream().readAllBytes());
    }

    /** Processes whose command line names the environment's directory or network: its Redis, Sentinel, supervisors. */
    private static List<String> processesOf(EnvironmentFiles files) throws Exception {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .map(p -> {
                        try {
                            return new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                        } catch (Exception e) {
                            return "";
                        }
                    })
                    .filter(cmd -> cmd.contains(files.dir().toString()) || cmd.contains(NETWORK + "."))
                    .toList();
        }
    }
}
