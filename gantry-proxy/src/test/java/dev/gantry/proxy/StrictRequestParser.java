package dev.gantry.proxy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads requests the way RFC 9112 says a sender must write them, and nothing looser: CRLF line ends
 * only, field names that are tokens followed directly by the colon, no obs-fold, no control
 * characters, exactly one Host, at most one Content-Length or one {@code Transfer-Encoding: chunked},
 * and strict chunk framing. Written without Netty so it does not share the router's blind spots.
 * A message that breaks a rule is returned with a {@code problem} ("ambiguous: ..." when two readings
 * of its framing are possible, "malformed: ..." otherwise); the caller cannot trust what follows it.
 */
final class StrictRequestParser {
    private static final int MAX_LINE_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("[0-9]{1,18}");
    private static final Pattern CHUNK_SIZE = Pattern.compile("[0-9A-Fa-f]{1,8}");
    private static final Pattern CHUNK_EXTENSIONS = Pattern.compile(
            "(;[!#$%&'*+\\-.^_`|~0-9A-Za-z]+(=([!#$%&'*+\\-.^_`|~0-9A-Za-z]+|\"([\\t !#-\\[\\]-~]|\\\\[\\t -~])*\"))?)*");
    private static final Pattern VERSION = Pattern.compile("HTTP/1\\.[01]");

    private final InputStream in;
    private volatile boolean inMessage;
    private String problem;

    StrictRequestParser(InputStream in) {
        this.in = in;
    }

    /** True while a message has started but not ended (the backend is not quiet). */
    boolean inMessage() {
        return inMessage;
    }

    /** The next message; null when the peer closed between messages; EOFException when it closed inside one. */
    RecordedRequest next() throws IOException {
        problem = null;
        int first = in.read();
        if (first == -1) return null;
        inMessage = true;
        try {
            return message(first);
        } finally {
            inMessage = false;
        }
    }

    private RecordedRequest message(int first) throws IOException {
        String[] start = requestLine(line(first));
        List<RecordedRequest.Header> headers = new ArrayList<>();
        for (String l = line(read()); !l.isEmpty(); l = line(read())) headers.add(field(l));
        var head = new RecordedRequest(start[0], start[1], start[2], List.copyOf(headers), new byte[0], null);
        if (problem == null) checkFraming(head);
        byte[] body = problem == null ? body(head) : new byte[0];
        return new RecordedRequest(start[0], start[1], start[2], head.headers(), body, problem);
    }

    private String[] requestLine(String line) {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3) {
            flag("malformed: request line '" + printable(line) + "' is not method SP target SP version");
            return new String[] {parts[0], parts.length > 1 ? parts[1] : "-", parts.length > 2 ? parts[2] : "-"};
        }
        if (!TOKEN.matcher(parts[0]).matches()) flag("malformed: method '" + printable(parts[0]) + "'");
        checkTarget(parts[0], parts[1]);
        if (!VERSION.matcher(parts[2]).matches()) flag("malformed: version '" + printable(parts[2]) + "'");
        return parts;
    }

    private void checkTarget(String method, String target) {
        boolean visible = !target.isEmpty() && target.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        boolean form = target.startsWith("/")
                || target.startsWith("http://")
                || target.startsWith("https://")
                || target.equals("*") && method.equals("OPTIONS");
        if (!visible || !form || target.contains("#")) flag("malformed: request target '" + printable(target) + "'");
    }

    private RecordedRequest.Header field(String line) {
        int colon = line.indexOf(':');
        if (line.charAt(0) == ' ' || line.charAt(0) == '\t') flag("malformed: obs-fold line '" + printable(line) + "'");
        if (colon < 1) {
            flag("malformed: field line without name and colon '" + printable(line) + "'");
            return new RecordedRequest.Header(line, "");
        }
        String name = line.substring(0, colon);
        if (!TOKEN.matcher(name).matches()) flag("malformed: field name '" + printable(name) + "'");
        String value = trimOws(line.substring(colon + 1));
        if (value.indexOf('\0') >= 0) flag("malformed: NUL in field " + name);
        return new RecordedRequest.Header(name, value);
    }

    private void checkFraming(RecordedRequest head) {
        List<String> hosts = head.values("host");
        List<String> te = head.values("transfer-encoding");
        List<String> cl = head.values("content-length");
        if (hosts.size() > 1) flag("ambiguous: " + hosts.size() + " Host fields");
        if (hosts.isEmpty() && head.version().equals("HTTP/1.1")) flag("malformed: HTTP/1.1 request without Host");
        if (hosts.size() == 1
                && !hosts.get(0).matches("[A-Za-z0-9\\-._~!$&'()*+,;=%]*(:[0-9]*)?|\\[[0-9A-Fa-f:.]+\\](:[0-9]*)?")) {
            flag("malformed: Host '" + printable(hosts.get(0)) + "'");
        }
        if (!te.isEmpty() && !cl.isEmpty()) flag("ambiguous: Content-Length and Transfer-Encoding");
        if (te.size() > 1) flag("ambiguous: " + te.size() + " Transfer-Encoding fields");
        if (!te.isEmpty() && head.version().equals("HTTP/1.0")) flag("ambiguous: Transfer-Encoding in HTTP/1.0");
        if (te.size() == 1 && !te.get(0).equalsIgnoreCase("chunked"))
            flag("malformed: transfer coding '" + printable(te.get(0)) + "'");
        if (cl.size() > 1) flag("ambiguous: " + cl.size() + " Content-Length fields");
        if (cl.size() == 1 && !CONTENT_LENGTH.matcher(cl.get(0)).matches())
            flag("malformed: Content-Length '" + printable(cl.get(0)) + "'");
        if (cl.size() == 1 && problem == null && Long.parseLong(cl.get(0)) > MAX_BODY_BYTES)
            flag("malformed: Content-Length over 16 MiB");
    }

    private byte[] body(RecordedRequest head) throws IOException {
        if (head.has("transfer-encoding")) return chunked();
        if (head.has("content-length"))
            return exactly(Integer.parseInt(head.values("content-length").get(0)));
        return new byte[0];
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = chunkSize(line(read())); size > 0 && problem == null; size = chunkSize(line(read()))) {
            body.write(exactly(size));
            if (read() != '\r' || read() != '\n') flag("malformed: chunk data not followed by CRLF");
            if (body.size() > MAX_BODY_BYTES) flag("malformed: chunked body over 16 MiB");
        }
        if (problem != null) return body.toByteArray();
        for (String l = line(read()); !l.isEmpty(); l = line(read())) trailer(field(l));
        return body.toByteArray();
    }

    private int chunkSize(String line) {
        int semicolon = line.indexOf(';');
        String size = semicolon < 0 ? line : line.substring(0, semicolon);
        String extensions = semicolon < 0 ? "" : line.substring(semicolon);
        if (!CHUNK_SIZE.matcher(size).matches()
                || !CHUNK_EXTENSIONS.matcher(extensions).matches()) {
            flag("malformed: chunk size line '" + printable(line) + "'");
            return 0;
        }
        return Integer.parseInt(size, 16);
    }

    private void trailer(RecordedRequest.Header field) {
        String name = field.name().toLowerCase();
        if (name.equals("content-length") || name.equals("transfer-encoding") || name.equals("host")) {
            flag("ambiguous: " + field.name() + " in the trailer section");
        }
    }

    /** One line without its CRLF; flags a bare LF, a bare CR, and lines over 64 KiB. */
    private String line(int first) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = first; b != '\n'; b = read()) {
            if (previous == '\r') flag("malformed: bare CR");
            if (b != '\r') line.write(b);
            previous = b;
            if (line.size() > MAX_LINE_BYTES) {
                flag("malformed: line over 64 KiB");
                break;
            }
        }
        if (previous != '\r') flag("malformed: bare LF as line terminator");
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private byte[] exactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) throw new EOFException("peer closed after " + bytes.length + " of " + n + " body bytes");
        return bytes;
    }

    private int read() throws IOException {
        int b = in.read();
        if (b == -1) throw new EOFException("peer closed inside a message");
        return b;
    }

    private void flag(String what) {
        if (problem == null) problem = what;
    }

    private static String trimOws(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) start++;
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) end--;
        return s.substring(start, end);
    }

    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray())
            out.append(c < 0x20 || c >= 0x7f ? "\\x" + hex(c).substring(2) : String.valueOf(c));
        return out.length() > 80 ? out.substring(0, 80) + "..." : out.toString();
    }

    private static String hex(char c) {
        return String.format("0x%02x", (int) c);
    }
}
