package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gantry demo} as a newcomer runs it: the real jar in its own JVM, the real examples built by
 * their gantry.yml. It says "Gantry is running" only when every app answers through the router (the
 * first request to each gets a 200, also on a second run, when the instances start again), its
 * output is one line per app without JVM warnings or terminal escapes (the builds log to
 * demo.log), hello answers over HTTPS with HTTP/2 (curl, trusting the demo's local CA as the printed
 * command does), Ctrl-C (SIGINT) leaves no process behind, and a second run in a row works.
 */
class DemoTest {
    @TempDir
    Path tmp;

    @Test
    void theDemoPrintsItsUrlsOnlyWhenEveryAppAnswersStopsCleanlyOnCtrlCAndRunsAgain() throws Exception {
        int api = freePort();
        int router = freePort();
        int agent = freePort();
        int tls = freePort();
        for (int run = 1; run <= 2; run++) {
            Path out = tmp.resolve("demo-" + run + ".out");
            Process demo = start(out, api, router, agent, tls);
            List<ProcessHandle> children = List.of();
            try {
                await().atMost(Duration.ofMinutes(4))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> Files.readString(out).contains("Gantry is running") || !demo.isAlive());
                // The first request to each app, at once: no waiting, no retry.
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> hello =
                        http.send(LoadLoop.get(router, "hello.localhost", "/"), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> markdown = http.send(
                        LoadLoop.get(router, "markdown.localhost", "/health"), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> echo =
                        http.send(LoadLoop.get(router, "echo.localhost", "/"), HttpResponse.BodyHandlers.ofString());
                String printed = Files.readString(out);
                assertThat(printed).as("run " + run + " printed:\n" + printed).contains("Gantry is running");
                assertThat(List.of(hello.statusCode(), markdown.statusCode(), echo.statusCode()))
                        .as("first requests of run " + run)
                        .containsExactly(200, 200, 200);
                assertThat(hello.body()).startsWith("Hello from hello release 1");

                assertThat(printed.lines()).as("JVM warnings in run " + run).noneMatch(l -> l.startsWith("WARNING:"));
                assertThat(printed).as("terminal escapes in run " + run).doesNotContain("\u001B");
                Path demoLog = tmp.resolve("data/demo.log");
                assertThat(printed).contains("builds and rollouts: " + demoLog, "ready in ");
                for (String app : List.of("hello", "markdown", "websocket-echo")) {
                    assertThat(printed.lines()
                                    .filter(l -> l.startsWith(app + " "))
                                    .toList())
                            .as(app + "'s line in run " + run)
                            .singleElement()
                            .asString()
                            .matches(
                                    run == 1
                                            ? app + " +built and rolled out release 1 in \\d+\\.\\d s"
                                            : app + " +release 1 is deployed; its \\d instances start again .*");
                }
                if (run == 1) {
                    assertThat(Files.readString(demoLog))
                            .as("the builds' and rollouts' output")
                            .contains(
                                    "building: mvn",
                                    "succeeded: hello release 1 is live",
                                    "succeeded: websocket-echo release 1 is live");
                }
                assertThat(printed).doesNotContain("building: mvn", "is READY");

                assertThat(printed)
                        .contains(
                                "http://127.0.0.1:" + router,
                                "http://hello.localhost:" + router + "/",
                                "markdown.localhost",
                                "admin token " + tmp.resolve("data/token"),
                                "dashboard   http://127.0.0.1:" + api + "/");
                assertThat(curl("http://127.0.0.1:" + api + "/"))
                        .as("the dashboard it prints answers")
                        .contains("<title>Gantry</title>")
                        .endsWith("HTTP/1.1 200");
                Path ca = tmp.resolve("data/tls/ca/ca.crt");
                assertThat(printed).contains("curl --http2 --cacert " + ca + " https://hello.localhost:" + tls + "/");
                assertThat(curl("--http2", "--cacert", ca.toString(), "https://hello.localhost:" + tls + "/"))
                        .startsWith("Hello from hello release 1")
                        .endsWith("\nHTTP/2 200");
                assertThat(printed).contains("http://echo.localhost:" + router + "/");
                assertThat(webSocketGreeting(router))
                        .startsWith("HTTP/1.1 101")
                        .contains("connected to websocket-echo release 1");
                children = demo.descendants().toList();
                assertThat(children)
                        .as("instances and Redis run as children of the demo")
                        .hasSizeGreaterThanOrEqualTo(7);
            } finally {
                new ProcessBuilder("kill", "-INT", String.valueOf(demo.pid()))
                        .start()
                        .waitFor();
                assertThat(demo.waitFor(60, java.util.concurrent.TimeUnit.SECONDS))
                        .as("demo stopped on SIGINT")
                        .isTrue();
            }
            List<ProcessHandle> running = children;
            int attempt = run;
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(running.stream()
                                    .filter(ProcessHandle::isAlive)
                                    .map(p -> p.info().commandLine().orElse("?")))
                            .as("processes left behind after run " + attempt)
                            .isEmpty());
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        assertThat(OpenFiles.under(tmp.resolve("data"), root ? List.of("agent/releases") : List.of()))
                .as("paths under the demo's data directory that group or others may use")
                .isEmpty();
    }

    private Process start(Path out, int api, int router, int agent, int tls) throws Exception {
        Path jar = AppDir.root().resolve("gantry-cli/target/gantry.jar");
        List<String> argv = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "demo",
                "--data-dir",
                tmp.resolve("data").toString(),
                "--home",
                AppDir.root().toString(),
                "--port",
                String.valueOf(api),
                "--router-port",
                String.valueOf(router),
                "--agent-port",
                String.valueOf(agent),
                "--tls-port",
                String.valueOf(tls));
        return new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
    }

    /** Opens a WebSocket to the echo app through the router by hand; returns what came back until its greeting. */
    private static String webSocketGreeting(int router) throws Exception {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), router)) {
            s.setSoTimeout(20_000);
            s.getOutputStream()
                    .write(("GET /ws HTTP/1.1\r\nHost: echo.localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder seen = new StringBuilder();
            java.io.InputStream in = s.getInputStream();
            for (int c = in.read(); c >= 0 && !seen.toString().contains(" instance "); c = in.read())
                seen.append((char) c);
            return seen.toString();
        }
    }

    /** curl's body and, on a last line, "HTTP/{version} {status}". */
    private static String curl(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(
                List.of("curl", "-sS", "--max-time", "20", "-w", "\nHTTP/%{http_version} %{http_code}"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
