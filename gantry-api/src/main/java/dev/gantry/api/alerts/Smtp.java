package dev.gantry.api.alerts;

/**
 * The SMTP server email notifications go through. The password comes from a file or an environment variable.
 *
 * @param tls {@code starttls} (required upgrade, usually port 587), {@code implicit} (TLS from the first byte,
 *            usually 465) or {@code none} (a relay on the local network; a test server)
 */
public record Smtp(
        String host, int port, String tls, String from, String user, String passwordFile, String passwordEnv) {
    public Smtp {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("smtp.host: is required");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("smtp.port: must be 1..65535, was " + port);
        tls = tls == null ? "starttls" : tls;
        if (!tls.equals("starttls") && !tls.equals("implicit") && !tls.equals("none"))
            throw new IllegalArgumentException("smtp.tls: must be starttls, implicit or none, was " + tls);
        if (from == null || !from.matches("[^@\\s]+@[^@\\s]+"))
            throw new IllegalArgumentException("smtp.from: must be an address like gantry@example.com, was " + from);
        if (passwordFile != null && passwordEnv != null)
            throw new IllegalArgumentException("smtp.passwordFile, smtp.passwordEnv: give one, not both");
    }
}
