package dev.gantry.api;

/**
 * {@code POST /api/v1/tokens}: a new named credential.
 *
 * @param role    admin, deployer, viewer, agent, router, metrics or join
 * @param expires how long it lasts ({@code 30d}, {@code 12h}); null: never, except a join token (1h)
 */
public record TokenRequest(String name, String role, String expires) {}
