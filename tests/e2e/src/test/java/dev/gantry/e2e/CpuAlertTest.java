package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.InstanceView;
import dev.gantry.api.Json;
import dev.gantry.api.alerts.AlertConfig;
import dev.gantry.api.alerts.AlertConfigParser;
import dev.gantry.api.alerts.AlertRule;
import dev.gantry.api.alerts.AlertRules;
import dev.gantry.api.alerts.Notification;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first test on the real platform: an instance whose process burns a core (told so over HTTP) makes
 * a CPU rule fire; GreenMail (real SMTP) gets one firing mail naming the app and the instance, then one resolved
 * mail when the burn stops, and a webhook receiver gets both, signed with the route's secret.
 */
@Timeout(300)
class CpuAlertTest {
    private static final String SECRET = "e2e-hook-secret";
    private static final int THRESHOLD = 50;

    @TempDir
    Path dir;

    @Test
    void aBurningInstanceIsMailedOnceWhenItsCpuRuleFiresAndOnceWhenItResolvesAndTheWebhookGetsBothSigned()
            throws Exception {
        int smtpPort = freePort();
        GreenMail mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        List<Received> hooks = new CopyOnWriteArrayList<>();
        HttpServer hook = receiver(hooks);
        AlertConfig alerts = AlertConfigParser.parse(alertsYml(smtpPort, hook), "alerts.yml");
        try (Platform platform = Platform.start(dir, c -> c.withAlerts(alerts))) {
            assertThat(platform.deploy(burner()).state()).isEqualTo(DeploymentState.SUCCEEDED);
            InstanceView instance = platform.instances("burner").getFirst();

            await().during(Duration.ofSeconds(3)) // the JVM's start is over (it burns a core for a while)
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> platform.instances("burner").getFirst().cpuPercent() < THRESHOLD);
            AlertRules rules = new AlertRules(List.of(
                    AlertRule.defaults().stream()
                            .filter(r -> r.name().equals("instance-cpu"))
                            .findFirst()
                            .orElseThrow()
                            .off(),
                    new AlertRule(
                            "burn", "cpu", "instance", "above", THRESHOLD, "2s", "critical", null, List.of(), false)));
            assertThat(platform.api
                            .raw("PUT", "/api/v1/alerts/rules", Json.write(rules))
                            .status())
                    .isEqualTo(200);
            assertThat(mail.getReceivedMessages()).isEmpty();
            call(instance, "/burn");
            long burning = System.nanoTime();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        System.out.println("cpu="
                                + platform.instances("burner").getFirst().cpuPercent() + " alerts="
                                + platform.api.raw("GET", "/api/v1/alerts").body());
                        return mail.getReceivedMessages().length >= 1;
                    });
            System.out.printf(
                    "firing mail %d ms after the burn began (rule: above %d%% for 2s)%n",
                    (System.nanoTime() - burning) / 1_000_000, THRESHOLD);
            assertThat(mail.getReceivedMessages()[0].getSubject())
                    .contains("[FIRING]", "burn", "app burner", "instance " + instance.id());

            call(instance, "/cool");
            await().atMost(Duration.ofSeconds(60)).until(() -> mail.getReceivedMessages().length >= 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> hooks.size() >= 2);
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> mail.getReceivedMessages().length == 2 && hooks.size() == 2); // and no more

            assertThat(mail.getReceivedMessages())
                    .extracting(MimeMessage::getSubject)
                    .satisfiesExactly(
                            s -> assertThat(s).startsWith("[FIRING] burn").contains(instance.id()),
                            s -> assertThat(s).startsWith("[RESOLVED] burn").contains(instance.id()));
            assertThat(hooks).hasSize(2);
            for (Received r : hooks) assertThat(r.signature()).isEqualTo(sign(r.body()));
            assertThat(hooks)
                    .extracting(r -> Json.read(r.body(), Notification.class))
                    .satisfiesExactly(
                            n -> assertThat(n.transition()).isEqualTo("firing"),
                            n -> assertThat(n.transition()).isEqualTo("resolved"))
                    .allSatisfy(n -> {
                        assertThat(n.app()).isEqualTo("burner");
                        assertThat(n.subjects()).containsExactly(instance.id());
                    });
        } finally {
            hook.stop(0);
            mail.stop();
        }
    }

    /**
     * GreenMail and the webhook as routes, the built-in CPU rule (50%, 30 s) off. The test's own CPU rule, held for
     * 2 s, is put through the API once the instance is idle (a JVM's start alone burns a core for a while), with the
     * issue's threshold, {@link #THRESHOLD}%: four spinning threads take well over half a core unless the machine is
     * saturated by other work (at a load average above 30 on 2 cores they measured 10-40%).
     */
    private String alertsYml(int smtpPort, HttpServer hook) throws Exception {
        Path secret = Files.writeString(dir.resolve("hook-secret"), SECRET + "\n");
        return """
                smtp: {host: 127.0.0.1, port: %d, tls: none, from: gantry@example.com}
                routes:
                  - {name: ops, email: [ops@example.com]}
                  - {name: hook, webhook: "http://127.0.0.1:%d/hook", secretFile: %s}
                rules:
                  - {name: instance-cpu, disabled: true}
                """.formatted(smtpPort, hook.getAddress().getPort(), secret);
    }

    /** A JDK single-file server that spins one thread while the file {@code BURN} exists. */
    private Path burner() throws Exception {
        Path app = AppDir.write(dir, "burner", """
                name: burner
                run: %s -Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 Burn.java
                env: {BURN: %s}
                grace: 2s
                """.formatted(
                        Path.of(System.getProperty("java.home"), "bin", "java"), dir.resolve("burn")));
        Files.writeString(app.resolve("Burn.java"), """
                import com.sun.net.httpserver.HttpServer;
                import java.net.InetSocketAddress;
                public class Burn {
                  static volatile boolean burn;
                  static volatile long spins;
                  public static void main(String[] args) throws Exception {
                    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 0);
                    s.createContext("/", x -> {
                      if (x.getRequestURI().getPath().equals("/burn")) burn = true;
                      if (x.getRequestURI().getPath().equals("/cool")) burn = false;
                      x.sendResponseHeaders(200, -1);
                      x.close();
                    });
                    s.start();
                    for (int i = 0; i < 4; i++) Thread.ofPlatform().start(Burn::spin);
                  }
                  static void spin() {
                    while (true) {
                      if (!burn) { try { Thread.sleep(100); } catch (InterruptedException e) { return; } continue; }
                      long until = System.nanoTime() + 100_000_000L;
                      while (System.nanoTime() < until) spins++;
                    }
                  }
                }
                """);
        return app;
    }

    private static void call(InstanceView instance, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<Void> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port() + path))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
        }
    }

    private record Received(String signature, String body) {}

    private static HttpServer receiver(List<Received> into) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/hook", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            into.add(new Received(x.getRequestHeaders().getFirst("X-Gantry-Signature"), body));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        s.start();
        return s;
    }

    /** The signature as a receiver checks it: {@code sha256=} and the hex HMAC-SHA256 of the body under the secret. */
    private static String sign(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
