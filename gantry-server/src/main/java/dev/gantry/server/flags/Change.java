package dev.gantry.server.flags;

/**
 * One entry of the change log as stored, published and streamed.
 *
 * @param version the global change version (the SSE event id)
 * @param event   flag, flag-deleted, segment or segment-deleted (the SSE event name)
 * @param data    the event's JSON payload, e.g. {@code {"version":43,"flag":{...}}}, with every environment
 */
record Change(long version, String event, String data) {
    Change {
        if (version <= 0) throw new IllegalArgumentException("version: must be > 0, was " + version);
        if (event == null || event.isBlank()) throw new IllegalArgumentException("event: must not be blank");
        if (data == null) throw new IllegalArgumentException("data: must not be null");
    }

    /** Parses a pub/sub message {@code "<version> <event> <json>"}. */
    static Change parse(String message) {
        int a = message.indexOf(' ');
        int b = a < 0 ? -1 : message.indexOf(' ', a + 1);
        if (b < 0)
            throw new IllegalArgumentException("change message: expected '<version> <event> <json>', got " + message);
        return new Change(
                Long.parseLong(message.substring(0, a)), message.substring(a + 1, b), message.substring(b + 1));
    }

    boolean isDeletion() {
        return event.endsWith("-deleted");
    }
}
