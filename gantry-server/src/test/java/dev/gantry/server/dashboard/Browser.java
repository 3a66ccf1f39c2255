package dev.gantry.server.dashboard;

import dev.gantry.api.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * What a browser does with the dashboard's API over real HTTP: logs in, keeps the session cookie it was given,
 * sends it (and, when told, the CSRF token) with every request. No cookie jar: the test sees every header.
 */
final class Browser {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    String cookie;
    String csrf;

    Browser(String base) {
        this.base = base;
    }

    /** Logs in with {@code token}; on 200 keeps the cookie and the CSRF token. */
    HttpResponse<String> login(String token) throws IOException, InterruptedException {
        HttpResponse<String> r = send("POST", "/api/v1/session", Json.write(new LoginRequest(token)), Map.of());
        if (r.statusCode() == 200) {
            String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
            cookie = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
            csrf = Json.read(r.body(), SessionInfo.class).csrf();
        }
        return r;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, Map.of());
    }

    /** A write with the session's CSRF token. */
    HttpResponse<String> write(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body, Map.of(Sessions.CSRF_HEADER, csrf));
    }

    /** Any request with the cookie (when there is one) and exactly these extra headers. */
    HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        if (cookie != null) b.header("Cookie", Sessions.COOKIE + "=" + cookie);
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
