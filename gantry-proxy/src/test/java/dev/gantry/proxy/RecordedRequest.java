package dev.gantry.proxy;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One message as {@link RecordingBackend} received it: request line, header fields in order, body,
 * and {@code problem} when a strict reading of RFC 9112 found it ambiguous or malformed (null when clean).
 */
record RecordedRequest(
        String method, String target, String version, List<Header> headers, byte[] body, String problem) {
    record Header(String name, String value) {}

    boolean clean() {
        return problem == null;
    }

    List<String> values(String name) {
        return headers.stream()
                .filter(h -> h.name().equalsIgnoreCase(name))
                .map(Header::value)
                .toList();
    }

    boolean has(String name) {
        return !values(name).isEmpty();
    }

    String bodyText() {
        return new String(body, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return method + " " + target + " " + version + " " + headers.size() + " fields, " + body.length + " body bytes"
                + (problem == null ? "" : " (" + problem + ")");
    }
}
