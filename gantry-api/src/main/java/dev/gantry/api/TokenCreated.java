package dev.gantry.api;

/**
 * A credential just created, with its secret: the only answer that ever carries it.
 *
 * @param token     the secret to send as {@code Authorization: Bearer}
 * @param expiresAt ISO-8601 instant, null when it does not expire
 */
public record TokenCreated(String name, String role, String token, String expiresAt) {}
