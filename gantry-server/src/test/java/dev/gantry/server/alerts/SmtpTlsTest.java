package dev.gantry.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.gantry.api.alerts.AlertConfig;
import dev.gantry.api.alerts.AlertConfigParser;
import dev.gantry.api.alerts.NotifyRoute;
import dev.gantry.api.alerts.Smtp;
import dev.gantry.server.ManualClock;
import dev.gantry.server.store.TestRedis;
import dev.gantry.server.tls.ApiTls;
import dev.gantry.server.tls.ServerCertificate;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert email over implicit TLS (SMTPS) to GreenMail presenting a certificate for 127.0.0.1 from a private CA.
 * GreenMail 2.1.13 offers no STARTTLS (its SMTP commands are HELO/EHLO, AUTH, MAIL, RCPT, DATA, RSET, NOOP, VRFY,
 * QUIT), so the upgrade path is not tested against it. GreenMail reads its key store once per JVM (system
 * properties), so this class is the only one in the module to start SMTPS.
 */
class SmtpTlsTest {
    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    static Path dir;

    static GreenMail mail;
    static TestRedis redis;
    static int port;
    static Path ca;

    @BeforeAll
    static void start() throws Exception {
        ServerCertificate cert = ServerCertificate.load(
                ApiTls.generated(-1), dir.resolve("ca"), List.of("127.0.0.1"), Clock.systemUTC());
        ca = dir.resolve("ca").resolve("ca.crt");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(
                "greenmail",
                cert.key(),
                STORE_PASSWORD.toCharArray(),
                cert.chain().toArray(new X509Certificate[0]));
        Path file = dir.resolve("smtps.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, STORE_PASSWORD.toCharArray());
        }
        System.setProperty("greenmail.tls.keystore.file", file.toString());
        System.setProperty("greenmail.tls.keystore.password", STORE_PASSWORD);
        System.setProperty("greenmail.tls.key.password", STORE_PASSWORD);
        port = TestRedis.freePort();
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        mail.start();
        redis = TestRedis.primary(Files.createDirectories(dir.resolve("redis")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (mail != null) mail.stop();
        if (redis != null) redis.close();
    }

    @Test
    void aFiringAlertArrivesOverImplicitTlsFromAServerWhoseCaTheAlertsFileNames() throws Exception {
        fresh();
        try (AlertsFixture cp = fixture(
                new Smtp("127.0.0.1", port, "implicit", "gantry@example.com", null, null, null, ca.toString()))) {
            burn(cp);

            assertThat(mail.getReceivedMessages())
                    .singleElement()
                    .satisfies(m -> assertThat(m.getSubject())
                            .contains("[FIRING]", "instance-cpu", "app web", "instance web-1"));
            assertThat(cp.alerts.queued()).isZero();
        }
    }

    @Test
    void aServerCertificateTheNotifierDoesNotTrustFailsTheDeliveryWithTheReasonLoggedAndItStaysQueued()
            throws Exception {
        fresh();
        String log;
        try (AlertsFixture cp = fixture(
                new Smtp("127.0.0.1", port, "implicit", "gantry@example.com", null, null, null))) { // JVM trust store
            log = stderrOf(() -> burn(cp));

            assertThat(mail.getReceivedMessages()).isEmpty();
            assertThat(cp.alerts.queued()).as("waits in Redis for a retry").isEqualTo(1);
        }
        assertThat(log)
                .contains("notification not delivered, retrying route=ops")
                .contains("sending mail through 127.0.0.1:" + port + " (tls implicit): the server's certificate is"
                        + " not trusted (")
                .contains("name the CA that signed it in smtp.ca, or add it to the JVM's trust store");
    }

    @Test
    void theCaFieldIsCheckedWhenTheFileIsReadAndWhenTheServerStarts() {
        assertThatThrownBy(() -> AlertConfigParser.parse(
                        "smtp: {host: mail, port: 25, tls: none, from: g@example.com, ca: /etc/ca.pem}", "alerts.yml"))
                .hasMessageContaining("smtp.ca: needs tls starttls or implicit, was tls none");
        assertThat(AlertConfigParser.parse(
                                "smtp: {host: mail, port: 465, tls: implicit, from: g@example.com, ca: /etc/ca.pem}",
                                "alerts.yml")
                        .smtp()
                        .ca())
                .isEqualTo("/etc/ca.pem");

        Path missing = dir.resolve("no-such-ca.pem");
        assertThatThrownBy(() -> new EmailNotifier(
                        new Smtp("mail", 465, "implicit", "g@example.com", null, null, null, missing.toString()),
                        null,
                        List.of("ops@example.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("smtp.ca: " + missing + " does not exist");
    }

    /** No alert state, queued delivery or mail from another test. */
    private static void fresh() throws Exception {
        try (dev.gantry.server.store.Redis r = new dev.gantry.server.store.Redis(redis.uri())) {
            r.sync().flushall();
        }
        mail.purgeEmailFromAllMailboxes();
    }

    private AlertsFixture fixture(Smtp smtp) {
        AlertConfig config =
                new AlertConfig(smtp, List.of(NotifyRoute.email("ops", "ops@example.com")), List.of(), null);
        return new AlertsFixture(redis.uri(), new ManualClock(Instant.parse("2026-01-05T10:00:00Z")), config, Map.of());
    }

    /** web-1 at 80% CPU for the 30 s of the built-in rule, then the due notifications are delivered. */
    private static void burn(AlertsFixture cp) {
        for (int s = 0; s <= 30; s++) {
            cp.report(1, 80);
            cp.alerts.evaluate();
            if (s < 30) cp.clock.advance(Duration.ofSeconds(1));
        }
        cp.alerts.deliver();
    }

    /** What {@code run} logged (slf4j-simple writes to System.err as it is when each line is logged). */
    private static String stderrOf(Runnable run) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }
}
