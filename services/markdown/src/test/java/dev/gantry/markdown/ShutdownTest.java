package dev.gantry.markdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The service as a real process: reads PORT, answers /health, stops cleanly on SIGTERM. */
class ShutdownTest {
    private static final Pattern LISTENING = Pattern.compile("listening port=(\\d+)");

    @Test
    void serviceProcessReadsPortAnswersHealthAndStopsCleanlyOnSigterm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-Xmx64m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MarkdownService.class.getName())
                .redirectErrorStream(true);
        pb.environment().put("PORT", "0");
        Process process = pb.start();
        List<String> log = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(
                () -> new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                        .lines()
                        .forEach(log::add));
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> log.stream().anyMatch(l -> LISTENING.matcher(l).find()));
            Matcher m = log.stream()
                    .map(LISTENING::matcher)
                    .filter(Matcher::find)
                    .findFirst()
                    .orElseThrow();
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
            assertThat(process.exitValue()).isEqualTo(143);
            assertThat(log).as(String.join("\n", log)).anyMatch(l -> l.contains("markdown service stopped"));
        } finally {
            process.destroyForcibly();
        }
    }
}
