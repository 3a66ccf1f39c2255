package dev.gantry.server.dashboard;

/** {@code POST /api/v1/session}'s body: the secret of an admin, deployer or viewer credential. */
public record LoginRequest(String token) {}
