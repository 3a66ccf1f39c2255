package dev.gantry.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HelloTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Hello hello;

    @AfterEach
    void stop() {
        if (hello != null) hello.stop();
        http.close();
    }

    private void start(Faults faults) throws Exception {
        hello = new Hello(0, faults);
        hello.start();
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hello.port() + path))
                .timeout(Duration.ofSeconds(30))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutFaultsTheGreetingNamesTheAppItsReleaseAndItsInstance() throws Exception {
        start(Faults.NONE);

        HttpResponse<String> r = get("/");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Hello from hello release 0 instance local\n");
        assertThat(get("/health").body()).contains("\"release\":0");
        assertThat(get("/nowhere").statusCode()).isEqualTo(404);
    }

    @Test
    void atAHundredPercentEveryRequestFailsButTheHealthPathSoTheInstanceStaysReady() throws Exception {
        start(new Faults(0, 0, 100));

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = get("/");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body())
                    .isEqualTo("Failing on purpose (HELLO_ERROR_PERCENT) in hello release 0 instance local\n");
            assertThat(get("/api/time").statusCode()).isEqualTo(500);
            assertThat(get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aShareOfRequestsFailsDrawnPerRequest() throws Exception {
        start(new Faults(0, 0, 30));

        int failed = 0;
        int n = 1000;
        for (int i = 0; i < n; i++) {
            int status = get("/").statusCode();
            assertThat(status).isIn(200, 500);
            if (status == 500) failed++;
        }

        // binomial(1000, 0.3): mean 300, standard deviation 14.5; the bounds are 5.5 deviations away
        assertThat(failed).isBetween(220, 380);
    }

    @Test
    void theDelayHoldsEveryRequestButTheHealthPath() throws Exception {
        start(new Faults(1000, 0, 0));

        long t0 = System.nanoTime();
        HttpResponse<String> greeting = get("/");
        long greetingMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        long t1 = System.nanoTime();
        HttpResponse<String> health = get("/health");
        long healthMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);

        assertThat(greeting.statusCode()).isEqualTo(200);
        assertThat(greetingMs).isGreaterThanOrEqualTo(1000);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(healthMs).isLessThan(1000);
    }

    @Test
    void aBadSettingStopsTheAppAtStartWithAMessageNamingTheVariable() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(
                java.toString(), "-cp", System.getProperty("java.class.path"), Hello.class.getName());
        pb.environment().put("PORT", "0");
        pb.environment().put("HELLO_ERROR_PERCENT", "lots");
        pb.redirectErrorStream(true);
        Process p = pb.start();

        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output)
                .isEqualTo("hello: HELLO_ERROR_PERCENT must be a percent 0..100 such as 5 or 2.5, was 'lots'\n");
    }
}
