package dev.gantry.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One request for {@link SmugglingPropertyTest}: a valid request (method, path, a field or two,
 * a body that may itself be a request line for {@code /smuggled}) under a {@link Plan} of framing
 * headers that may contradict each other, spelled in odd ways, then broken further line by line
 * and chunk by chunk. Whatever it renders to, it is ONE request from the client's point of view:
 * a second request can only appear if some hop reads its framing differently.
 */
record MutatedRequest(
        String method,
        String path,
        boolean smuggledPayload,
        Plan plan,
        Spelling te,
        Spelling cl,
        boolean swapFramingOrder,
        List<LineMutation> lineMutations,
        ChunkMutation chunkMutation) {

    static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: " + RobustnessRig.HOST + "\r\n\r\n";

    /** Which framing fields the request carries and how its body is laid out. */
    enum Plan {
        /** Content-Length only. */
        CONTENT_LENGTH,
        /** Transfer-Encoding only, chunked body. */
        CHUNKED,
        /** Both; Content-Length covers a chunked body plus a request for /smuggled after its last chunk. */
        CL_TE,
        /** Both; the chunk holds the /smuggled request, Content-Length covers only the chunk-size line. */
        TE_CL,
        /** Two Content-Lengths: the payload alone, and the payload plus a request for /smuggled. */
        TWO_LENGTHS,
        /** Transfer-Encoding twice: as spelled, and identity. */
        TWO_CODINGS
    }

    /** How a framing field is written: its name as sent and its value (%d stands for the length). */
    record Spelling(String name, String value) {
        String line(long length) {
            return name + ":" + value.replace("%d", Long.toString(length));
        }
    }

    enum LineKind {
        BARE_LF,
        BARE_CR,
        NUL,
        FOLD,
        CONNECTION_CONTENT_LENGTH,
        CONNECTION_TRANSFER_ENCODING,
        CONNECTION_HOST
    }

    /** A change to one head line ({@code line} and {@code at} are taken modulo what exists). */
    record LineMutation(LineKind kind, int line, int at) {}

    enum ChunkMutation {
        NONE("%x", ""),
        SIZE_JUNK("%xz", ""),
        SIZE_LEADING_SPACE(" %x", ""),
        SIZE_0X("0x%x", ""),
        SIZE_LEADING_ZEROS("000%x", ""),
        SIZE_TRAILING_SPACE("%x ", ""),
        EXTENSION("%x;a=b", ""),
        EXTENSION_NUL("%x;a\0", ""),
        EXTENSION_LF("%x;a\n", ""),
        DATA_BARE_LF("%x", "\n"),
        DATA_NO_CRLF("%x", "--");

        final String sizeLine;
        final String afterData;

        ChunkMutation(String sizeLine, String afterData) {
            this.sizeLine = sizeLine;
            this.afterData = afterData;
        }
    }

    byte[] bytes() {
        return render().getBytes(StandardCharsets.ISO_8859_1);
    }

    String render() {
        String payload = smuggledPayload ? SMUGGLED : "hello";
        String body = body(payload);
        List<String> lines = new ArrayList<>();
        lines.add(method + " " + path + " HTTP/1.1");
        lines.add("Host: " + RobustnessRig.HOST);
        lines.add("X-Try: 1");
        List<String> framing = framing(payload, body);
        if (swapFramingOrder) framing = framing.reversed();
        lines.addAll(framing);
        List<String> terminators =
                new ArrayList<>(lines.stream().map(l -> "\r\n").toList());
        for (LineMutation m : lineMutations) apply(m, lines, terminators);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) out.append(lines.get(i)).append(terminators.get(i));
        return out.append("\r\n").append(body).toString();
    }

    private String body(String payload) {
        return switch (plan) {
            case CONTENT_LENGTH -> payload;
            case CHUNKED, TWO_CODINGS, TE_CL -> chunked(payload);
            case CL_TE -> chunked("hello") + SMUGGLED;
            case TWO_LENGTHS -> "hello" + SMUGGLED;
        };
    }

    private List<String> framing(String payload, String body) {
        return switch (plan) {
            case CONTENT_LENGTH -> List.of(cl.line(body.length()));
            case CHUNKED -> List.of(te.line(0));
            case CL_TE -> List.of(cl.line(body.length()), te.line(0));
            case TE_CL -> List.of(te.line(0), cl.line(body.indexOf('\n') + 1));
            case TWO_LENGTHS -> List.of(cl.line(5), cl.line(body.length()));
            case TWO_CODINGS -> List.of(te.line(0), "Transfer-Encoding: identity");
        };
    }

    private String chunked(String data) {
        return chunkMutation.sizeLine.replace("%x", Integer.toHexString(data.length())) + "\r\n" + data
                + (chunkMutation.afterData.isEmpty() ? "\r\n" : chunkMutation.afterData) + "0\r\n\r\n";
    }

    private static void apply(LineMutation m, List<String> lines, List<String> terminators) {
        int i = 1 + m.line() % (lines.size() - 1);
        String line = lines.get(i);
        switch (m.kind()) {
            case BARE_LF -> terminators.set(i, "\n");
            case BARE_CR -> terminators.set(i, "\r");
            case NUL ->
                lines.set(i, line.substring(0, m.at() % line.length()) + "\0" + line.substring(m.at() % line.length()));
            case FOLD -> lines.set(i, " " + line);
            case CONNECTION_CONTENT_LENGTH -> add(lines, terminators, "Connection: content-length");
            case CONNECTION_TRANSFER_ENCODING -> add(lines, terminators, "Connection: transfer-encoding");
            case CONNECTION_HOST -> add(lines, terminators, "Connection: host");
        }
    }

    private static void add(List<String> lines, List<String> terminators, String line) {
        lines.add(line);
        terminators.add("\r\n");
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (char c : render().toCharArray()) {
            out.append(
                    switch (c) {
                        case '\r' -> "\\r";
                        case '\n' -> "\\n";
                        case '\t' -> "\\t";
                        default -> c < 0x20 || c >= 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c);
                    });
        }
        return out.toString();
    }
}
