package dev.gantry.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.gantry.api.Json;
import dev.gantry.api.alerts.AlertConfig;
import dev.gantry.api.alerts.Notification;
import dev.gantry.api.alerts.NotifyRoute;
import dev.gantry.api.alerts.Smtp;
import dev.gantry.server.ManualClock;
import dev.gantry.server.store.TestRedis;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU alert end to end on real parts: a real Redis, GreenMail as the SMTP server, a real HTTP webhook
 * receiver. Time is a manual clock; agent reports are fake.
 */
class AlertNotificationTest {
    private static final String SECRET = "hook-secret";

    @TempDir
    Path dir;

    private TestRedis redis;
    private GreenMail mail;
    private int smtpPort;
    private WebhookReceiver hook;
    private AlertConfig config;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        redis = TestRedis.primary(dir);
        smtpPort = TestRedis.freePort();
        mail = startMail(smtpPort);
        hook = new WebhookReceiver();
        Path secret = dir.resolve("hook-secret");
        Files.writeString(secret, SECRET + "\n");
        config = new AlertConfig(
                new Smtp("127.0.0.1", smtpPort, "none", "gantry@example.com", null, null, null),
                List.of(
                        NotifyRoute.email("ops", "ops@example.com"),
                        NotifyRoute.webhook("hook", hook.url(), secret.toString())),
                List.of(),
                "4h");
    }

    @AfterEach
    void stop() throws Exception {
        mail.stop();
        hook.close();
        redis.close();
    }

    @Test
    void cpuAboveHalfForThirtySecondsSendsOneFiringAndOneResolvedEmailAndSignedWebhook() throws Exception {
        try (AlertsFixture cp = new AlertsFixture(redis.uri(), clock, config, Map.of())) {
            burn(List.of(cp), 1);
            assertThat(mail.getReceivedMessages()).hasSize(1);
            MimeMessage fired = mail.getReceivedMessages()[0];
            assertThat(fired.getSubject()).contains("[FIRING]", "instance-cpu", "app web", "instance web-1");
            assertThat((String) fired.getContent()).contains("web-1 = 80.0", "http://cp.test:7070/");

            cool(List.of(cp));
            assertThat(mail.getReceivedMessages()).hasSize(2);
            assertThat(mail.getReceivedMessages()[1].getSubject()).contains("[RESOLVED]", "instance-cpu", "web-1");
            assertSignedWebhooks("firing", "resolved");
        }
    }

    @Test
    void aRollingUpdateRestartingFiveInstancesSendsOneMessageForTheApp() throws Exception {
        try (AlertsFixture cp = new AlertsFixture(redis.uri(), clock, config, Map.of())) {
            burn(List.of(cp), 5);
            assertThat(mail.getReceivedMessages()).hasSize(1);
            assertThat(mail.getReceivedMessages()[0].getSubject())
                    .contains("instances web-1, web-2, web-3, web-4, web-5");
        }
    }

    @Test
    void twoControlPlanesOnOneRedisNotifyEachIncidentOnce() throws Exception {
        try (AlertsFixture a = new AlertsFixture(redis.uri(), clock, config, Map.of());
                AlertsFixture b = new AlertsFixture(redis.uri(), clock, config, Map.of())) {
            burn(List.of(a, b), 1);
            cool(List.of(a, b));
            assertThat(mail.getReceivedMessages())
                    .extracting(MimeMessage::getSubject)
                    .hasSize(2);
            assertSignedWebhooks("firing", "resolved");
        }
    }

    @Test
    void twoControlPlanesWithTheAgentReportingToOneOfThemAgreeAndNotifyOnce() throws Exception {
        try (AlertsFixture a = new AlertsFixture(redis.uri(), clock, config, Map.of());
                AlertsFixture b = new AlertsFixture(redis.uri(), clock, config, Map.of())) {
            for (int s = 0; s <= 30; s++) {
                a.report(1, 80);
                b.alerts.evaluate();
                a.alerts.evaluate();
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(b.alerts.alerts())
                    .extracting(x -> x.rule() + " " + x.state())
                    .containsExactly("instance-cpu firing");
            b.alerts.deliver();
            a.alerts.deliver();
            for (int s = 0; s < 5; s++) {
                a.report(1, 10);
                b.alerts.evaluate();
                a.alerts.evaluate();
                clock.advance(Duration.ofSeconds(1));
            }
            a.alerts.deliver();
            b.alerts.deliver();
            assertThat(mail.getReceivedMessages())
                    .extracting(MimeMessage::getSubject)
                    .satisfiesExactly(
                            s -> assertThat(s).startsWith("[FIRING] instance-cpu"),
                            s -> assertThat(s).startsWith("[RESOLVED] instance-cpu"));
            assertSignedWebhooks("firing", "resolved");
        }
    }

    @Test
    void aWebhookThatFailsIsRetriedWithBackoffUntilItTakesTheNotification() throws Exception {
        hook.refuseNext.set(2);
        try (AlertsFixture cp = new AlertsFixture(redis.uri(), clock, config, Map.of())) {
            burn(List.of(cp), 1);
            assertThat(hook.received).isEmpty();
            assertThat(cp.alerts.queued())
                    .as("the webhook's delivery waits, the email went")
                    .isEqualTo(1);
            clock.advance(Duration.ofMillis(999));
            cp.alerts.deliver();
            assertThat(hook.refuseNext.get())
                    .as("not due before its 1 s backoff")
                    .isEqualTo(1);
            clock.advance(Duration.ofMillis(1));
            cp.alerts.deliver();
            assertThat(hook.received).isEmpty();
            clock.advance(Duration.ofSeconds(2));
            cp.alerts.deliver();
            assertSignedWebhooks("firing");
            assertThat(cp.alerts.queued()).isZero();
        }
    }

    @Test
    void anAlertFiredWhileSmtpIsDownIsMailedWhenItReturnsEvenAfterARestart() throws Exception {
        mail.stop();
        try (AlertsFixture cp = new AlertsFixture(redis.uri(), clock, config, Map.of())) {
            burn(List.of(cp), 1);
            assertThat(cp.alerts.queued()).as("the email waits in Redis").isEqualTo(1);
        }
        mail = startMail(smtpPort);
        try (AlertsFixture restarted = new AlertsFixture(redis.uri(), clock, config, Map.of())) {
            clock.advance(Duration.ofSeconds(2));
            restarted.alerts.deliver();
            assertThat(mail.getReceivedMessages()).hasSize(1);
            assertThat(mail.getReceivedMessages()[0].getSubject()).contains("[FIRING]", "web-1");
            assertThat(restarted.alerts.queued()).isZero();

            restarted.report(1, 80);
            restarted.alerts.evaluate();
            restarted.alerts.deliver();
            assertThat(mail.getReceivedMessages())
                    .as("the restarted one took the incident up, no second firing")
                    .hasSize(1);
            cool(List.of(restarted));
            assertThat(mail.getReceivedMessages()[1].getSubject()).contains("[RESOLVED]");
        }
    }

    @Test
    void aSilencedAppChangesStateButSendsNothing() throws Exception {
        try (AlertsFixture cp = new AlertsFixture(redis.uri(), clock, config, Map.of())) {
            cp.alerts.silence("web", Duration.ofHours(1), "load test", "alice");
            burn(List.of(cp), 1);
            assertThat(cp.alerts.alerts()).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo("firing");
                assertThat(a.silenced()).isTrue();
            });
            cool(List.of(cp));
            assertThat(mail.getReceivedMessages()).isEmpty();
            assertThat(hook.received).isEmpty();
            assertThat(cp.alerts.alerts())
                    .singleElement()
                    .extracting(a -> a.state())
                    .isEqualTo("resolved");
        }
    }

    @Test
    void aLongIncidentIsToldAgainEveryRepeatInterval() throws Exception {
        AlertConfig hourly = new AlertConfig(config.smtp(), config.routes(), config.rules(), "1h");
        try (AlertsFixture cp = new AlertsFixture(redis.uri(), clock, hourly, Map.of())) {
            burn(List.of(cp), 1);
            for (int m = 0; m < 125; m++) {
                clock.advance(Duration.ofMinutes(1));
                cp.report(1, 80);
                cp.alerts.evaluate();
            }
            cp.alerts.deliver();
            assertThat(mail.getReceivedMessages())
                    .extracting(MimeMessage::getSubject)
                    .satisfiesExactly(
                            s -> assertThat(s).startsWith("[FIRING]"),
                            s -> assertThat(s).startsWith("[REPEAT]"),
                            s -> assertThat(s).startsWith("[REPEAT]"));
        }
    }

    /** Every control plane sees web's instances at 80% CPU for 30 s, each second; then delivers. */
    private void burn(List<AlertsFixture> cps, int instances) {
        for (int s = 0; s <= 30; s++) {
            for (AlertsFixture cp : cps) {
                cp.report(instances, 80);
                cp.alerts.evaluate();
            }
            if (s < 30) clock.advance(Duration.ofSeconds(1));
        }
        cps.forEach(cp -> cp.alerts.deliver());
    }

    private void cool(List<AlertsFixture> cps) {
        for (int s = 0; s < 5; s++) {
            for (AlertsFixture cp : cps) {
                cp.report(1, 10);
                cp.alerts.evaluate();
                cp.alerts.deliver();
            }
            clock.advance(Duration.ofSeconds(1));
        }
    }

    private void assertSignedWebhooks(String... transitions) {
        assertThat(hook.received).hasSize(transitions.length);
        for (int i = 0; i < transitions.length; i++) {
            WebhookReceiver.Received r = hook.received.get(i);
            assertThat(r.signature())
                    .isEqualTo(WebhookNotifier.signature(
                            SECRET.getBytes(StandardCharsets.UTF_8), r.body().getBytes(StandardCharsets.UTF_8)));
            Notification n = Json.read(r.body(), Notification.class);
            assertThat(n.transition()).isEqualTo(transitions[i]);
            assertThat(n.app()).isEqualTo("web");
            assertThat(n.subjects()).containsExactly("web-1");
        }
    }

    private static GreenMail startMail(int port) {
        GreenMail m = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        m.start();
        return m;
    }
}
