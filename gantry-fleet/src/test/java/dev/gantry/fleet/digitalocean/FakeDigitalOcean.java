package dev.gantry.fleet.digitalocean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the documented endpoints of DigitalOcean's API v2 that Gantry calls (the one fake this project
 * allows: the real API cannot be reached here). It checks the bearer, validates droplet requests as the API
 * documents (name, region, size, image required; 422 {@code unprocessable_entity} otherwise), pages lists
 * ({@code per_page}, {@code links.pages.next}), makes a new droplet {@code active} with a public address after it was
 * looked at twice, deletes by tag, and can answer 429 with {@code ratelimit-reset} or 500 for the next requests.
 */
final class FakeDigitalOcean implements AutoCloseable {
    static final String TOKEN = "dop_v1_test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Map<Long, ObjectNode> droplets = new LinkedHashMap<>();
    private final Map<Long, Integer> looks = new LinkedHashMap<>();
    private final List<ObjectNode> keys = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger(1000);
    final List<String> requests = new ArrayList<>();
    int perPage = 2;
    int tooManyNext;
    int failNext;

    FakeDigitalOcean() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized List<ObjectNode> droplets() {
        return List.copyOf(droplets.values());
    }

    synchronized List<ObjectNode> keys() {
        return List.copyOf(keys);
    }

    private synchronized void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            Map<String, String> q = query(x.getRequestURI().getRawQuery());
            requests.add(x.getRequestMethod() + " " + x.getRequestURI());
            if (!("Bearer " + TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                error(x, 401, "unauthorized", "Unable to authenticate you");
                return;
            }
            if (tooManyNext > 0) {
                tooManyNext--;
                x.getResponseHeaders().add("ratelimit-limit", "5000");
                x.getResponseHeaders().add("ratelimit-remaining", "0");
                x.getResponseHeaders().add("ratelimit-reset", String.valueOf(System.currentTimeMillis() / 1000 + 2));
                error(x, 429, "too_many_requests", "API Rate limit exceeded.");
                return;
            }
            if (failNext > 0) {
                failNext--;
                error(x, 500, "server_error", "Unexpected server-side error");
                return;
            }
            String m = x.getRequestMethod();
            if (m.equals("GET") && path.equals("/v2/account/keys")) page(x, q, "ssh_keys", new ArrayList<>(keys));
            else if (m.equals("POST") && path.equals("/v2/account/keys")) addKey(x);
            else if (m.equals("GET") && path.equals("/v2/droplets")) listDroplets(x, q);
            else if (m.equals("POST") && path.equals("/v2/droplets")) createDroplet(x);
            else if (m.equals("DELETE") && path.equals("/v2/droplets") && q.containsKey("tag_name")) {
                droplets.values().removeIf(d -> tagged(d, q.get("tag_name")));
                x.sendResponseHeaders(204, -1);
            } else if (m.equals("GET") && path.startsWith("/v2/droplets/")) {
                ObjectNode d = droplets.get(Long.parseLong(path.substring("/v2/droplets/".length())));
                if (d == null) error(x, 404, "not_found", "The resource you were accessing could not be found.");
                else send(x, 200, JSON.createObjectNode().set("droplet", d));
            } else error(x, 404, "not_found", "The resource you were accessing could not be found.");
        }
    }

    private void addKey(HttpExchange x) throws IOException {
        JsonNode body = JSON.readTree(x.getRequestBody());
        String pub = body.path("public_key").asText("");
        if (!pub.startsWith("ssh-") || body.path("name").asText("").isBlank()) {
            error(x, 422, "unprocessable_entity", "Key invalid, key should be of the form 'type key [comment]'");
            return;
        }
        ObjectNode k = JSON.createObjectNode()
                .put("id", ids.incrementAndGet())
                .put("name", body.path("name").asText());
        k.put("public_key", pub).put("fingerprint", "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa");
        keys.add(k);
        send(x, 201, JSON.createObjectNode().set("ssh_key", k));
    }

    private void createDroplet(HttpExchange x) throws IOException {
        JsonNode body = JSON.readTree(x.getRequestBody());
        for (String field : List.of("name", "region", "size", "image")) {
            if (body.path(field).asText("").isBlank()) {
                error(x, 422, "unprocessable_entity", field + " is required");
                return;
            }
        }
        if (!body.path("name").asText().matches("[a-zA-Z0-9.-]{1,253}")) {
            error(
                    x,
                    422,
                    "unprocessable_entity",
                    "Name Only valid hostname characters are allowed. (a-z, A-Z, 0-9, . and -)");
            return;
        }
        if (body.path("region").asText().equals("nowhere1")) {
            error(x, 422, "unprocessable_entity", "You specified an invalid region for Droplet creation.");
            return;
        }
        long id = ids.incrementAndGet();
        ObjectNode d = JSON.createObjectNode()
                .put("id", id)
                .put("name", body.path("name").asText())
                .put("status", "new");
        d.put("size_slug", body.path("size").asText());
        d.set("tags", body.path("tags").deepCopy());
        d.set("ssh_key_ids", body.path("ssh_keys").deepCopy());
        d.putObject("networks").putArray("v4");
        droplets.put(id, d);
        looks.put(id, 0);
        send(x, 202, JSON.createObjectNode().set("droplet", d));
    }

    private void listDroplets(HttpExchange x, Map<String, String> q) throws IOException {
        List<JsonNode> matching = new ArrayList<>();
        for (ObjectNode d : droplets.values()) {
            if (q.containsKey("tag_name") && !tagged(d, q.get("tag_name"))) continue;
            long id = d.path("id").asLong();
            int seen = looks.merge(id, 1, Integer::sum);
            if (seen >= 2 && d.path("status").asText().equals("new")) {
                d.put("status", "active");
                ArrayNode v4 = (ArrayNode) d.path("networks").path("v4");
                v4.addObject().put("ip_address", "10.133.0." + (id % 250)).put("type", "private");
                v4.addObject().put("ip_address", "203.0.113." + (id % 250)).put("type", "public");
            }
            matching.add(d);
        }
        page(x, q, "droplets", matching);
    }

    private void page(HttpExchange x, Map<String, String> q, String field, List<? extends JsonNode> all)
            throws IOException {
        int per = Integer.parseInt(q.getOrDefault("per_page", String.valueOf(perPage)));
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray(field);
        all.stream().skip((long) (page - 1) * per).limit(per).forEach(items::add);
        ObjectNode pages = body.putObject("links").putObject("pages");
        if ((long) page * per < all.size()) {
            StringBuilder next = new StringBuilder("https://api.digitalocean.com"
                    + x.getRequestURI().getPath() + "?page=" + (page + 1) + "&per_page=" + per);
            if (q.containsKey("tag_name")) next.append("&tag_name=").append(q.get("tag_name"));
            pages.put("next", next.toString());
        }
        body.putObject("meta").put("total", all.size());
        send(x, 200, body);
    }

    private static boolean tagged(JsonNode d, String tag) {
        for (JsonNode t : d.path("tags")) if (t.asText().equals(tag)) return true;
        return false;
    }

    private static void error(HttpExchange x, int status, String id, String message) throws IOException {
        send(x, status, JSON.createObjectNode().put("id", id).put("message", message));
    }

    private static void send(HttpExchange x, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) return out;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) out.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
