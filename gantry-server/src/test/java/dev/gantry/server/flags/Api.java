package dev.gantry.server.flags;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.api.Json;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.api.client.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/** The control plane's API in tests, through the one client: status, JSON and text out, nothing hidden. */
final class Api {
    private final ControlPlaneClient client;

    Api(String base, String token) {
        this(ControlPlaneClient.builder(base)
                .token(token)
                .header("X-Gantry-Actor", "admin")
                .retryFor(Duration.ZERO)
                .build());
    }

    private Api(ControlPlaneClient client) {
        this.client = client;
    }

    Api as(String actor) {
        return new Api(client.newBuilder().header("X-Gantry-Actor", actor).build());
    }

    Api withToken(String token) {
        return new Api(client.newBuilder().token(token).build());
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
