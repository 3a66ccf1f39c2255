package dev.gantry.flags.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a {@code text/event-stream} body (WHATWG rules: {@code field: value} lines, a blank line
 * dispatches, lines starting with ':' are comments) and hands each event to a consumer.
 */
public final class SseParser {
    private final Consumer<SseEvent> onEvent;
    private final Runnable onComment;
    private String id;
    private String event;
    private StringBuilder data;

    public SseParser(Consumer<SseEvent> onEvent, Runnable onComment) {
        this.onEvent = onEvent;
        this.onComment = onComment;
    }

    /** Reads until the stream ends; throws when it breaks. */
    public void read(InputStream body) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) line(line);
    }

    void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.startsWith(":")) {
            onComment.run();
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) value = value.substring(1);
        switch (field) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "data" ->
                data = data == null
                        ? new StringBuilder(value)
                        : data.append('\n').append(value);
            default -> {}
        }
    }

    private void dispatch() {
        if (data != null) onEvent.accept(new SseEvent(id, event == null ? "message" : event, data.toString()));
        event = null;
        data = null;
    }
}
