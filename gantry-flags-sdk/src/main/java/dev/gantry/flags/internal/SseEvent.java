package dev.gantry.flags.internal;

/** One server-sent event: {@code id:}, {@code event:} (default "message") and the joined {@code data:} lines. */
public record SseEvent(String id, String event, String data) {}
