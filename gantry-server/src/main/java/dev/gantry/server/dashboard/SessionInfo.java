package dev.gantry.server.dashboard;

/**
 * A dashboard session as its page sees it.
 *
 * @param name      the credential that logged in
 * @param role      its role: {@code admin}, {@code deployer} or {@code viewer}
 * @param csrf      what every write with the cookie sends in {@code X-Gantry-CSRF}
 * @param expiresAt epoch millis
 */
public record SessionInfo(String name, String role, String csrf, long expiresAt) {}
