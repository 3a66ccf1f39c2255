package dev.gantry.server.alerts;

import dev.gantry.api.alerts.Notification;
import dev.gantry.api.alerts.Smtp;
import dev.gantry.api.client.ServerTrust;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Sends notifications as plain-text email through an SMTP server (Angus Mail): STARTTLS required, implicit TLS,
 * or none; with a user and password when the server wants them. With TLS the server's certificate must name its
 * host and lead to a CA of the JVM's trust store, or of {@link Smtp#ca()} when given (a private CA). The subject
 * names the app, the instances and the rule ({@link Notification#subject()}).
 */
final class EmailNotifier implements Notifier {
    private static final String TIMEOUT_MS = "10000";
    private final Session session;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final String host;
    private final String server;
    private final String trust;

    EmailNotifier(Smtp smtp, String password, List<String> to) {
        this.session = session(smtp, password);
        this.host = smtp.host();
        this.server = smtp.host() + ":" + smtp.port() + " (tls " + smtp.tls() + ")";
        this.trust = smtp.ca();
        try {
            this.from = new InternetAddress(smtp.from(), true);
            this.to = new InternetAddress[to.size()];
            for (int i = 0; i < to.size(); i++) this.to[i] = new InternetAddress(to.get(i), true);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalArgumentException("email: not an address, " + e.getMessage());
        }
    }

    @Override
    public void send(Notification n) throws IOException {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(from);
            m.setRecipients(Message.RecipientType.TO, to);
            m.setSubject(n.subject(), "UTF-8");
            m.setText(n.text(), "UTF-8");
            m.setSentDate(new Date(n.time()));
            m.setHeader("X-Gantry-Alert", n.id());
            Transport.send(m);
        } catch (MessagingException e) {
            throw new IOException("sending mail through " + server + ": " + reason(e), e);
        }
    }

    /** A certificate the notifier does not trust, said plainly with what to do; else the error as Angus gives it. */
    private String reason(MessagingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException
                    || t instanceof java.security.cert.CertificateException)
                return "the server's certificate is not trusted (" + t.getMessage() + "): "
                        + (trust == null
                                ? "name the CA that signed it in smtp.ca, or add it to the JVM's trust store"
                                : "it does not lead to a CA in smtp.ca " + trust + " or does not name " + host);
        }
        return e.toString();
    }

    /** Sockets trusting the CAs in {@code file} only; a file that is missing or holds none stops the start. */
    private static javax.net.ssl.SSLSocketFactory trusting(String file) {
        try {
            return ServerTrust.caFile(Path.of(file)).getSocketFactory();
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage().replace("caFile:", "smtp.ca:"), e);
        }
    }

    /**
     * One protocol, {@code smtp}, for both kinds of TLS: {@code Transport.send} takes the transport of the address
     * type (smtp), so an {@code smtps} transport would never be used; implicit TLS is {@code mail.smtp.ssl.enable}.
     */
    private static Session session(Smtp smtp, String password) {
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", String.valueOf(smtp.port()));
        p.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
        p.put("mail.smtp.timeout", TIMEOUT_MS);
        p.put("mail.smtp.writetimeout", TIMEOUT_MS);
        if (smtp.tls().equals("implicit")) p.put("mail.smtp.ssl.enable", "true");
        if (smtp.tls().equals("starttls")) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (!smtp.tls().equals("none")) p.put("mail.smtp.ssl.checkserveridentity", "true");
        if (smtp.ca() != null) p.put("mail.smtp.ssl.socketFactory", trusting(smtp.ca()));
        if (smtp.user() == null) return Session.getInstance(p);
        p.put("mail.smtp.auth", "true");
        return Session.getInstance(p, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(smtp.user(), password);
            }
        });
    }
}
