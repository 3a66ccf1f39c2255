package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform spread over processes as on several hosts, every one talking to the control plane
 * over HTTPS: {@code gantry server} listening on every address (so it makes its own CA and serves
 * HTTPS by default, printing the fingerprint), then a {@code gantry agent} (pin from
 * GANTRY_CA_FINGERPRINT), a {@code gantry router} and {@code gantry deploy} (pin from
 * --ca-fingerprint), each in its own JVM with its own data directory: hello is deployed and answers
 * through the router. With a wrong fingerprint the CLI, an agent and a router each stop with an
 * error naming the expected and the presented fingerprints.
 */
class ControlPlaneTlsTest {
    private static final Pattern FINGERPRINT = Pattern.compile("CA fingerprint (sha256:[0-9a-f]{64})");
    private static final String WRONG = "sha256:" + "ab".repeat(32);

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : started.reversed()) {
            List<ProcessHandle> children = p.descendants().toList(); // an agent leaves its instances running
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
            children.forEach(ProcessHandle::destroy);
        }
    }

    @Test
    void theCliAnAgentAndARouterWorkOverHttpsWithThePinnedFingerprintAndRefuseAWrongOne() throws Exception {
        int api = freePort();
        Path serverOut = tmp.resolve("server.out");
        start(
                serverOut,
                Map.of(),
                "server",
                "--data-dir",
                dir("server"),
                "--bind",
                "0.0.0.0",
                "--port",
                "" + api,
                "--plain-port",
                "" + freePort(),
                "--no-agent",
                "--no-router");
        await().atMost(Duration.ofMinutes(1))
                .until(() -> Files.readString(serverOut).contains("admin token"));
        String printed = Files.readString(serverOut);
        Matcher m = FINGERPRINT.matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        String pin = m.group(1);
        String url = "https://127.0.0.1:" + api;
        assertThat(printed).contains("control plane  https://0.0.0.0:" + api);
        String token = Files.readString(tmp.resolve("server/token")).strip();
        assertThat(OpenFiles.under(tmp.resolve("server/tls"), List.of()))
                .as("the CA's and the server's files, open to others")
                .isEmpty();

        Path agentOut = tmp.resolve("agent.out");
        start(
                agentOut,
                Map.of("GANTRY_CA_FINGERPRINT", pin),
                "agent",
                "--server",
                url,
                "--token",
                token,
                "--data-dir",
                dir("agent"),
                "--host",
                "tls-host",
                "--port",
                "" + freePort());
        int routerPort = freePort();
        Path routerOut = tmp.resolve("router.out");
        start(
                routerOut,
                Map.of(),
                "router",
                "--server",
                url,
                "--token",
                token,
                "--ca-fingerprint",
                pin,
                "--data-dir",
                dir("router"),
                "--port",
                "" + routerPort,
                "--no-tls");
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            Run status =
                    run("status", "--server", url, "--token", token, "--ca-fingerprint", pin, "--data-dir", dir("cli"));
            assertThat(status.exit()).as(status.out()).isZero();
            assertThat(status.out()).contains("CA fingerprint " + pin, "tls-host");
        });

        Path app = AppDir.write(tmp, "hello", AppDir.helloYml(1, "health_timeout: 60s\n"));
        Run deploy = run(
                "deploy",
                app.toString(),
                "--server",
                url,
                "--token",
                token,
                "--ca-fingerprint",
                pin,
                "--data-dir",
                dir("cli"));
        assertThat(deploy.exit()).as(deploy.out()).isZero();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(() -> assertThat(http.send(
                                        LoadLoop.get(routerPort, "hello.localhost", "/"),
                                        HttpResponse.BodyHandlers.ofString())
                                .body())
                        .startsWith("Hello from hello release 1"));

        Run cli = run("status", "--server", url, "--token", token, "--ca-fingerprint", WRONG, "--data-dir", dir("cli"));
        assertThat(cli.exit()).isEqualTo(1);
        assertThat(cli.out()).contains("TLS handshake failed", "expected " + WRONG, "presented", pin);
        Run agent = run(
                "agent",
                "--server",
                url,
                "--token",
                token,
                "--ca-fingerprint",
                WRONG,
                "--data-dir",
                dir("agent2"),
                "--host",
                "wrong-host",
                "--port",
                "" + freePort());
        assertThat(agent.exit()).isEqualTo(1);
        assertThat(agent.out()).contains("TLS handshake failed", "expected " + WRONG, pin);
        Run router = run(
                "router",
                "--server",
                url,
                "--token",
                token,
                "--ca-fingerprint",
                WRONG,
                "--data-dir",
                dir("router2"),
                "--port",
                "" + freePort(),
                "--no-tls");
        assertThat(router.exit()).isEqualTo(1);
        assertThat(router.out()).contains("TLS handshake failed", "expected " + WRONG, pin);
    }

    private record Run(int exit, String out) {}

    /** A short verb in its own JVM, to its end; stdout and stderr together. */
    private Run run(String... args) throws Exception {
        Path out = Files.createTempFile(tmp, "run-", ".out");
        Process p = command(out, Map.of(), args).start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as(String.join(" ", args)).isTrue();
        return new Run(p.exitValue(), Files.readString(out));
    }

    private void start(Path out, Map<String, String> env, String... args) throws IOException {
        started.add(command(out, env, args).start());
    }

    private static ProcessBuilder command(Path out, Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                AppDir.root().resolve("gantry-cli/target/gantry.jar").toString()));
        argv.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile());
        b.environment().keySet().removeIf(k -> k.startsWith("GANTRY_"));
        b.environment().putAll(env);
        return b;
    }

    private String dir(String name) {
        return tmp.resolve(name).toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
