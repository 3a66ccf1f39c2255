package dev.gantry.api.flags;

/**
 * One SDK key as {@code GET /api/v1/sdk-keys} lists it: no secret.
 *
 * @param prefix    the key's first characters, to recognise it
 * @param createdAt ISO-8601 instant
 */
public record SdkKeySummary(String name, String env, String prefix, String createdAt, String createdBy) {}
