package dev.gantry.api;

/**
 * One line of an app's audit trail: who did what to which app, and when.
 *
 * @param time   epoch millis
 * @param action deploy, rollback, scale, stop, delete, cancel, or result (how an operation ended)
 */
public record HistoryEvent(long time, String app, String actor, String action, String detail) {}
