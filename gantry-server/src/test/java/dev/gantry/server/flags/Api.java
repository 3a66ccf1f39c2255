package dev.gantry.server.flags;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.api.Json;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.api.client.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The control plane's API in tests, through the one client: status, JSON and text out, nothing hidden. */
final class Api {
    private final ControlPlaneClient client;
    /** The deployer credentials made by {@link #as}, by name, shared by the Apis derived from one. */
    private final Map<String, String> credentials;

    Api(String base, String token) {
        this(
                ControlPlaneClient.builder(base)
                        .token(token)
                        .retryFor(Duration.ZERO)
                        .build(),
                new ConcurrentHashMap<>());
    }

    private Api(ControlPlaneClient client, Map<String, String> credentials) {
        this.client = client;
        this.credentials = credentials;
    }

    /** The API as a deployer credential named {@code actor} (made on first use), so the audit names {@code actor}. */
    Api as(String actor) {
        String token = credentials.computeIfAbsent(actor, name -> {
            Response r = post("/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"deployer\"}");
            if (r.status() != 201) throw new IllegalStateException("could not create credential " + name + ": " + r);
            return r.json().path("token").asText();
        });
        return withToken(token);
    }

    Api withToken(String token) {
        return new Api(client.newBuilder().token(token).build(), credentials);
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response put(String path, String json) {
        return send("PUT", path, json);
    }

    Response post(String path, String json) {
        return send("POST", path, json);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    private Response send(String method, String path, String json) {
        try {
            Reply r = client.exchange(method, path, json, json == null ? null : "application/json");
            JsonNode body = r.body().isEmpty()
                    ? Json.mapper().nullNode()
                    : Json.mapper().readTree(r.body());
            return new Response(r.status(), body, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Response(int status, JsonNode json, String text) {
        /** The problem's detail. */
        String error() {
            return json.path("detail").asText();
        }
    }
}
