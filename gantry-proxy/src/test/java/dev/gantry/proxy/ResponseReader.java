package dev.gantry.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads responses off a client connection as they come, tolerant of LF line ends so that whatever
 * a proxy lets through (a bare CR in a value, an extra field, a cut body) stays visible to the test.
 * A response whose framing ends early is returned with {@code complete == false}.
 */
final class ResponseReader {
    /** One response; {@code status} 0 when the bytes did not start with an HTTP status line. */
    record Response(int status, List<RecordedRequest.Header> headers, byte[] body, boolean complete) {
        List<String> values(String name) {
            return headers.stream()
                    .filter(h -> h.name().equalsIgnoreCase(name))
                    .map(RecordedRequest.Header::value)
                    .toList();
        }

        String header(String name) {
            List<String> v = values(name);
            return v.isEmpty() ? null : v.get(0);
        }

        /** The target the recording backend answered, or null when the proxy answered itself. */
        String echoTarget() {
            return header(RecordingBackend.ECHO_TARGET);
        }

        boolean interim() {
            return status >= 100 && status < 200;
        }

        String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private final InputStream in;

    ResponseReader(InputStream in) {
        this.in = in;
    }

    /** The next response, or null when the peer closed before sending a byte of one. */
    Response next(boolean toHead) throws IOException {
        String statusLine = line();
        if (statusLine == null) return null;
        if (!statusLine.matches("HTTP/\\d\\.\\d \\d{3}( .*)?")) return junk(statusLine);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        List<RecordedRequest.Header> headers = headers();
        Response head = new Response(status, headers, new byte[0], true);
        if (toHead || head.interim() || status == 204 || status == 304) return head;
        return body(head);
    }

    /** Bytes that are no HTTP response (an HTTP/0.9 answer, garbage): kept as the body, read to the end. */
    private Response junk(String firstLine) throws IOException {
        byte[] rest = in.readAllBytes();
        byte[] all = new byte[firstLine.length() + 1 + rest.length];
        System.arraycopy(firstLine.getBytes(StandardCharsets.ISO_8859_1), 0, all, 0, firstLine.length());
        all[firstLine.length()] = '\n';
        System.arraycopy(rest, 0, all, firstLine.length() + 1, rest.length);
        return new Response(0, List.of(), all, false);
    }

    private List<RecordedRequest.Header> headers() throws IOException {
        List<RecordedRequest.Header> headers = new ArrayList<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.add(
                    colon < 0
                            ? new RecordedRequest.Header(l, "")
                            : new RecordedRequest.Header(
                                    l.substring(0, colon),
                                    l.substring(colon + 1).strip()));
        }
        return headers;
    }

    private Response body(Response head) throws IOException {
        String te = head.header("transfer-encoding");
        String cl = head.header("content-length");
        if (te != null && te.toLowerCase().contains("chunked")) return chunked(head);
        if (cl != null && cl.matches("\\d{1,9}")) {
            int n = Integer.parseInt(cl);
            byte[] body = in.readNBytes(n);
            return new Response(head.status(), head.headers(), body, body.length == n);
        }
        return new Response(head.status(), head.headers(), in.readAllBytes(), true);
    }

    private Response chunked(Response head) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String size = line(); size != null; size = line()) {
            int n = chunkSize(size);
            if (n < 0) break;
            if (n == 0) return new Response(head.status(), head.headers(), body.toByteArray(), trailers());
            byte[] data = in.readNBytes(n);
            body.write(data);
            if (data.length < n || line() == null) break;
        }
        return new Response(head.status(), head.headers(), body.toByteArray(), false);
    }

    private static int chunkSize(String line) {
        int semicolon = line.indexOf(';');
        String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
        return hex.matches("[0-9A-Fa-f]{1,7}") ? Integer.parseInt(hex, 16) : -1;
    }

    /** Reads the trailer section; true when it ended with an empty line (the response is complete). */
    private boolean trailers() throws IOException {
        for (String l = line(); l != null; l = line()) {
            if (l.isEmpty()) return true;
        }
        return false;
    }

    /** A line without its LF (and a CR right before it); null at end of stream before any byte. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') line.write(b);
        if (b == -1 && line.size() == 0) return null;
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }
}
