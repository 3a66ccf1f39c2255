package dev.gantry.api.alerts;

/**
 * The SMTP server email notifications go through. The password comes from a file or an environment variable.
 *
 * @param tls {@code starttls} (required upgrade, usually port 587), {@code implicit} (TLS from the first byte,
 *            usually 465) or {@code none} (a relay on the local network; a test server)
 * @param ca  a PEM file of the CA certificates to trust for the server's certificate instead of the JVM's trust
 *            store (a private CA); null: the JVM's. Either way the certificate must name {@code host}
 */
public record Smtp(
        String host,
        int port,
        String tls,
        String from,
        String user,
        String passwordFile,
        String passwordEnv,
        String ca) {
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
        if (ca != null && ca.isBlank()) throw new IllegalArgumentException("smtp.ca: must be a file, was blank");
        if (ca != null && tls.equals("none"))
            throw new IllegalArgumentException("smtp.ca: needs tls starttls or implicit, was tls none");
    }

    /** A server whose certificate the JVM's trust store vouches for. */
    public Smtp(String host, int port, String tls, String from, String user, String passwordFile, String passwordEnv) {
        this(host, port, tls, from, user, passwordFile, passwordEnv, null);
    }
}
