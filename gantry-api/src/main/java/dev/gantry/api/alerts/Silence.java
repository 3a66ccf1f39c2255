package dev.gantry.api.alerts;

/**
 * Alerts of one app kept quiet until {@code until} (epoch millis): they still change state and show as silenced,
 * but nothing is sent.
 */
public record Silence(String id, String app, long until, String reason, String by) {}
