package dev.gantry.server.alerts;

import dev.gantry.api.alerts.Notification;
import dev.gantry.api.alerts.Smtp;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Sends notifications as plain-text email through an SMTP server (Angus Mail): STARTTLS required, implicit TLS,
 * or none; with a user and password when the server wants them. The subject names the app, the instances and the
 * rule ({@link Notification#subject()}).
 */
final class EmailNotifier implements Notifier {
    private static final String TIMEOUT_MS = "10000";
    private final Session session;
    private final InternetAddress from;
    private final InternetAddress[] to;

    EmailNotifier(Smtp smtp, String password, List<String> to) {
        this.session = session(smtp, password);
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
            throw new IOException("sending mail through " + session.getProperty("mail.smtp.host") + ": " + e, e);
        }
    }

    private static Session session(Smtp smtp, String password) {
        Properties p = new Properties();
        String proto = smtp.tls().equals("implicit") ? "smtps" : "smtp";
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", smtp.host());
        p.put("mail.smtp.host", smtp.host());
        p.put("mail." + proto + ".port", String.valueOf(smtp.port()));
        p.put("mail." + proto + ".connectiontimeout", TIMEOUT_MS);
        p.put("mail." + proto + ".timeout", TIMEOUT_MS);
        p.put("mail." + proto + ".writetimeout", TIMEOUT_MS);
        if (smtp.tls().equals("starttls")) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (!smtp.tls().equals("none")) p.put("mail." + proto + ".ssl.checkserveridentity", "true");
        if (smtp.user() == null) return Session.getInstance(p);
        p.put("mail." + proto + ".auth", "true");
        return Session.getInstance(p, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(smtp.user(), password);
            }
        });
    }
}
