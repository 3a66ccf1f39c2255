package dev.gantry.proxy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sends one corpus case to a proxy on a fresh connection and collects what happened. After the
 * expected number of answers it sends a follow-up {@code GET /_follow_up}: an answer to that proves
 * the connection stayed open and in step (anything answered before it was extra), an end of stream
 * or a reset proves it closed. Then it waits for the backend to go quiet and takes its recording.
 */
final class RobustnessProbe {
    static final String FOLLOW_UP = "/_follow_up";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration BACKEND_QUIET = Duration.ofMillis(60);

    /** What one case produced: answers in order, whether the proxy closed, a timeout, and what the backend got. */
    record Outcome(
            List<ResponseReader.Response> responses,
            boolean closed,
            String error,
            List<RecordedRequest> backendRequests) {
        List<Integer> statusCodes() {
            return responses.stream().map(ResponseReader.Response::status).toList();
        }

        /** Targets of the answers that came from the recording backend, in order. */
        List<String> echoTargets() {
            return responses.stream()
                    .map(ResponseReader.Response::echoTarget)
                    .filter(Objects::nonNull)
                    .toList();
        }

        /** "400 closed backend=0" */
        String summary() {
            return (responses.isEmpty()
                            ? "-"
                            : statusCodes().stream()
                                    .map(c -> c == 0 ? "junk" : String.valueOf(c))
                                    .reduce((a, b) -> a + " " + b)
                                    .orElseThrow())
                    + (closed ? " closed" : " open") + " backend=" + backendRequests.size()
                    + (error == null ? "" : " (" + error + ")");
        }
    }

    private final int port;
    private final RecordingBackend backend;

    RobustnessProbe(int port, RecordingBackend backend) {
        this.port = port;
        this.backend = backend;
    }

    Outcome run(RobustnessCase c) {
        backend.reset();
        List<ResponseReader.Response> responses = new ArrayList<>();
        boolean closed;
        String error = null;
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout((int) READ_TIMEOUT.toMillis());
            closed = exchange(s, c, responses);
        } catch (SocketTimeoutException e) {
            closed = false;
            error = (responses.isEmpty() ? "no answer" : "no answer to the follow-up request") + " within "
                    + READ_TIMEOUT.toSeconds() + " s";
        } catch (IOException e) {
            closed = true;
        }
        backend.awaitQuiet(BACKEND_QUIET);
        List<RecordedRequest> seen =
                backend.requests().stream().filter(r -> !isFollowUp(r)).toList();
        return new Outcome(List.copyOf(responses), closed, error, seen);
    }

    /** The probe's own follow-up, as sent; glued to leftover body bytes it counts as a request of the case. */
    private static boolean isFollowUp(RecordedRequest r) {
        return r.clean() && r.method().equals("GET") && r.target().equals(FOLLOW_UP);
    }

    /** Returns whether the proxy closed the connection. */
    private static boolean exchange(Socket s, RobustnessCase c, List<ResponseReader.Response> responses)
            throws IOException {
        ResponseReader reader = new ResponseReader(new BufferedInputStream(s.getInputStream()));
        OutputStream out = s.getOutputStream();
        List<byte[]> segments = c.segments();
        for (byte[] segment : segments.subList(0, segments.size() - 1)) {
            out.write(segment);
            out.flush();
            ResponseReader.Response r = reader.next(false);
            if (r == null) return true;
            responses.add(r);
        }
        Thread writer = Thread.ofVirtual().start(() -> writeQuietly(out, segments.getLast()));
        if (readFinalAnswers(reader, responses, c.finalAnswers())) return true;
        try {
            if (!writer.join(READ_TIMEOUT)) throw new SocketTimeoutException("request still being written");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketTimeoutException("interrupted");
        }
        return followUp(out, reader, responses);
    }

    /** Reads until {@code count} final answers came; returns true if the stream ended first. */
    private static boolean readFinalAnswers(ResponseReader reader, List<ResponseReader.Response> responses, int count)
            throws IOException {
        int finals = 0;
        while (finals < count) {
            ResponseReader.Response r = reader.next(false);
            if (r == null) return true;
            responses.add(r);
            if (r.status() == 0) return true;
            if (!r.interim()) finals++;
        }
        return false;
    }

    private static boolean followUp(OutputStream out, ResponseReader reader, List<ResponseReader.Response> responses)
            throws IOException {
        out.write(("GET " + FOLLOW_UP + " HTTP/1.1\r\nHost: " + RobustnessRig.HOST + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        for (ResponseReader.Response r = reader.next(false); r != null; r = reader.next(false)) {
            if (FOLLOW_UP.equals(r.echoTarget())) return false;
            responses.add(r);
            if (r.status() == 0) return true;
        }
        return true;
    }

    private static void writeQuietly(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // the proxy closed or reset while the request was still going out; the reader sees it
        }
    }
}
