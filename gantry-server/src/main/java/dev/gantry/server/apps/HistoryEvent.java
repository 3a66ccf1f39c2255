package dev.gantry.server.apps;

/** One line of the audit trail: who did what to which app, and when. */
public record HistoryEvent(long time, String app, String actor, String action, String detail) {
}
