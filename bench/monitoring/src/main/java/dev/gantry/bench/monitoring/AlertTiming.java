package dev.gantry.bench.monitoring;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Alert to mail: a GreenMail SMTP server in this process, and the alerts file that points the control plane at it
 * with one CPU rule ({@code instance-cpu}, the built-in rule's name, so it replaces it: above 50% for
 * {@link #FOR}). Each repetition makes one simulated instance report 95% CPU and times the mail from the end of the
 * {@code for} window (the first over-threshold report's send time + {@link #FOR}) to its arrival; then the instance
 * calms down and the resolve mail is awaited before the next one.
 */
final class AlertTiming implements AutoCloseable {
    static final Duration FOR = Duration.ofSeconds(5);
    private static final Duration MAIL_DEADLINE = Duration.ofSeconds(60);
    private final GreenMail mail;
    private final int port;
    final Latencies firing = new Latencies();
    final Latencies resolving = new Latencies();

    AlertTiming() throws IOException {
        this.port = ControlPlane.freePort();
        this.mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    /** Writes the control plane's alerts file into {@code dir}; answers its path. */
    Path writeAlertsFile(Path dir) throws IOException {
        Path file = dir.resolve("alerts.yml");
        Files.writeString(file, """
                smtp: {host: 127.0.0.1, port: %d, tls: none, from: gantry@bench.example}
                routes:
                  - {name: ops, email: [ops@bench.example]}
                rules:
                  - {name: instance-cpu, metric: cpu, scope: instance, above: 50, for: %ds, severity: critical}
                """.formatted(port, FOR.toSeconds()));
        return file;
    }

    /** {@code repetitions} fire-and-resolve rounds on {@code agent}'s first instance; prints each. */
    void measure(SimulatedAgent agent, int repetitions, PrintStream out) throws Exception {
        String instance = SimulatedAgent.instanceId(agent.host(), 1);
        for (int rep = 1; rep <= repetitions; rep++) {
            long breach = agent.burn(true).get(10, TimeUnit.SECONDS);
            long arrived = awaitMail(2 * rep - 1, "[FIRING]", instance);
            firing.add(arrived - breach - FOR.toNanos());
            long calm = agent.burn(false).get(10, TimeUnit.SECONDS);
            long resolved = awaitMail(2 * rep, "[RESOLVED]", instance);
            resolving.add(resolved - calm);
            out.printf(
                    "  alert %2d: mail %5d ms after the %d s window ended; resolve mail %5d ms after the first calm report%n",
                    rep,
                    (arrived - breach - FOR.toNanos()) / 1_000_000,
                    FOR.toSeconds(),
                    (resolved - calm) / 1_000_000);
        }
    }

    /** Waits for the {@code count}-th mail; checks its subject; answers when it arrived (nanoTime). */
    private long awaitMail(int count, String state, String instance) throws MessagingException {
        if (!mail.waitForIncomingEmail(MAIL_DEADLINE.toMillis(), count))
            throw new IllegalStateException("mail " + count + " (" + state + " " + instance + ") did not arrive within "
                    + MAIL_DEADLINE.toSeconds() + " s; mails so far: " + mail.getReceivedMessages().length);
        long arrived = System.nanoTime();
        MimeMessage[] got = mail.getReceivedMessages();
        if (got.length != count)
            throw new IllegalStateException("expected " + count + " mails, got " + got.length + ": one per transition");
        String subject = got[count - 1].getSubject();
        if (!subject.contains(state) || !subject.contains(instance))
            throw new IllegalStateException(
                    "mail " + count + ": subject '" + subject + "' does not name " + state + " and " + instance);
        return arrived;
    }

    @Override
    public void close() {
        mail.stop();
    }
}
