package dev.gantry.fleet.digitalocean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The few endpoints of DigitalOcean's API v2 that Gantry uses: the account's SSH keys, droplets created with a tag,
 * listed and deleted by that tag. Every request carries the token as a bearer; a list follows
 * {@code links.pages.next}; a 429 or a 5xx answer is retried after {@code Retry-After} or {@code ratelimit-reset}
 * (at most {@link #MAX_WAIT} a time, at most {@link #ATTEMPTS} attempts); any other refusal is a
 * {@link DigitalOceanException} naming the request and DigitalOcean's message.
 */
public final class DigitalOceanApi {
    /** Where the real API is. */
    public static final URI PUBLIC = URI.create("https://api.digitalocean.com");

    static final int ATTEMPTS = 5;
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final Clock clock;
    private final LongConsumer sleeper;

    /** Against {@code base} (the public API, or a test's server) with {@code token}. */
    public DigitalOceanApi(URI base, String token) {
        this(base, token, Clock.systemUTC(), DigitalOceanApi::sleep);
    }

    DigitalOceanApi(URI base, String token, Clock clock, LongConsumer sleeper) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("token: is empty");
        this.base = base;
        this.token = token.strip();
        this.clock = clock;
        this.sleeper = sleeper;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The account's SSH key with this public key, added under {@code name} when it is not there; its id. */
    public long ensureKey(String name, String publicKey) throws IOException {
        String blob =
                publicKey.strip().split("\\s+").length > 1 ? publicKey.strip().split("\\s+")[1] : publicKey;
        for (JsonNode k : pages("/v2/account/keys", "ssh_keys")) {
            String[] parts = k.path("public_key").asText().strip().split("\\s+");
            if (parts.length > 1 && parts[1].equals(blob)) return k.path("id").asLong();
        }
        ObjectNode body = JSON.createObjectNode().put("name", name).put("public_key", publicKey.strip());
        return send("POST", "/v2/account/keys", body).path("ssh_key").path("id").asLong();
    }

    /** Every droplet carrying {@code tag}. */
    public List<Droplet> dropletsTagged(String tag) throws IOException {
        List<Droplet> out = new ArrayList<>();
        for (JsonNode d : pages("/v2/droplets?tag_name=" + encode(tag), "droplets")) out.add(Droplet.of(d));
        return out;
    }

    /** One droplet; empty when it is gone (404). */
    public Optional<Droplet> droplet(long id) throws IOException {
        try {
            return Optional.of(
                    Droplet.of(send("GET", "/v2/droplets/" + id, null).path("droplet")));
        } catch (DigitalOceanException e) {
            if (e.status() == 404) return Optional.empty();
            throw e;
        }
    }

    /** Asks for a droplet; it starts {@code new} and becomes {@code active} with an address a minute or so later. */
    public Droplet create(String name, String region, String size, String image, long sshKey, List<String> tags)
            throws IOException {
        ObjectNode body = JSON.createObjectNode()
                .put("name", name)
                .put("region", region)
                .put("size", size)
                .put("image", image);
        body.putArray("ssh_keys").add(sshKey);
        tags.forEach(body.putArray("tags")::add);
        return Droplet.of(send("POST", "/v2/droplets", body).path("droplet"));
    }

    /** Deletes every droplet carrying {@code tag} (DigitalOcean answers 204 and deletes them shortly after). */
    public void deleteTagged(String tag) throws IOException {
        send("DELETE", "/v2/droplets?tag_name=" + encode(tag), null);
    }

    private List<JsonNode> pages(String first, String field) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        String next = first;
        for (int page = 0; next != null; page++) {
            if (page >= 1_000) throw new IOException(first + ": more than 1,000 pages, giving up");
            JsonNode body = send("GET", next, null);
            body.path(field).forEach(all::add);
            JsonNode link = body.path("links").path("pages").path("next");
            next = link.isTextual() ? relative(link.asText()) : null;
        }
        return all;
    }

    /** A next-page link is absolute; only its path and query are followed, always on {@link #base}. */
    private static String relative(String link) {
        URI u = URI.create(link);
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    private JsonNode send(String method, String path, JsonNode body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        String what = method + " " + path;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(what + ": interrupted", e);
            }
            int status = r.statusCode();
            if (status / 100 == 2) return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            boolean again = status == 429 || status >= 500;
            if (!again || attempt >= ATTEMPTS) throw refusal(what, r);
            sleeper.accept(waitMillis(r, attempt));
        }
    }

    /** How long to wait before the next attempt: what DigitalOcean asks, else 1, 2, 4 ... s; at most MAX_WAIT. */
    long waitMillis(HttpResponse<String> r, int attempt) {
        long wait = 1_000L << Math.min(attempt - 1, 5);
        Optional<String> retryAfter = r.headers().firstValue("Retry-After");
        Optional<String> reset = r.headers().firstValue("ratelimit-reset");
        try {
            if (retryAfter.isPresent()) wait = Long.parseLong(retryAfter.get().strip()) * 1_000;
            else if (reset.isPresent() && r.statusCode() == 429)
                wait = Long.parseLong(reset.get().strip()) * 1_000 - clock.millis();
        } catch (NumberFormatException e) {
            // keep the backoff
        }
        return Math.max(0, Math.min(wait, MAX_WAIT.toMillis()));
    }

    private static DigitalOceanException refusal(String what, HttpResponse<String> r) {
        String id = null;
        String message = r.body();
        try {
            JsonNode e = JSON.readTree(r.body());
            id = e.path("id").asText(null);
            message = e.path("message").asText(message);
        } catch (IOException notJson) {
            // the body is the message
        }
        if (message != null && message.length() > 500) message = message.substring(0, 500) + "...";
        return new DigitalOceanException(what, r.statusCode(), id, message);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
