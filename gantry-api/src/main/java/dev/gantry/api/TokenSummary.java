package dev.gantry.api;

/**
 * One credential as {@code GET /api/v1/tokens} lists it: never the secret. Instants are ISO-8601.
 *
 * @param expiresAt  null when it does not expire
 * @param lastUsedAt null when never used; updated at most once a minute
 */
public record TokenSummary(
        String name, String role, String createdAt, String createdBy, String expiresAt, String lastUsedAt) {}
