package dev.gantry.server.releases;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * The blue-green verify call: GET the verify path of one new instance at its own address (not through the router),
 * with a timeout. Completes with null when it answered 2xx, else with why not: the status and the first bytes of the
 * body, or the connection error.
 */
final class SmokeCheck {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final int BODY_SHOWN = 200;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    CompletableFuture<String> check(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(SmokeCheck::problem)
                .exceptionally(e -> "GET " + uri + " failed: " + describe(e));
    }

    private static String problem(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) return null;
        byte[] body = response.body();
        String shown = new String(Arrays.copyOf(body, Math.min(body.length, BODY_SHOWN)), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ")
                .strip();
        return "GET " + response.uri() + " answered " + status
                + (shown.isEmpty() ? " with an empty body" : ": " + shown + (body.length > BODY_SHOWN ? "..." : ""));
    }

    private static String describe(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
