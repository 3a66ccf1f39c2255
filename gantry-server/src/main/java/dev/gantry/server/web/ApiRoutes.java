package dev.gantry.server.web;

import dev.gantry.api.Problem;
import dev.gantry.server.web.Endpoint.Content;
import dev.gantry.server.web.Endpoint.Parameter;
import dev.gantry.server.web.Endpoint.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where every route of the control plane is registered, with its description: each route is added
 * to Javalin and recorded as an {@link Endpoint} in one call, so {@code /api/v1/openapi.json}
 * describes exactly what is served.
 *
 * <pre>{@code
 * routes.get("/api/v1/apps/{app}").summary("One app")
 *     .returns(200, Content.json(AppSummary.class)).errors(404)
 *     .handle(ctx -> ctx.json(summary(app(ctx))));
 * }</pre>
 *
 * Every route also documents 500 (internal) and 503 (the store is unavailable), and every route
 * that needs a credential 401.
 */
public final class ApiRoutes {
    private final RoutesConfig routes;
    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();

    public ApiRoutes(RoutesConfig routes) {
        this.routes = routes;
    }

    public Route get(String path) {
        return new Route("GET", path);
    }

    public Route post(String path) {
        return new Route("POST", path);
    }

    public Route put(String path) {
        return new Route("PUT", path);
    }

    public Route delete(String path) {
        return new Route("DELETE", path);
    }

    /** Every route registered so far, in order. */
    public List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    /** True when {@code path} is a route that needs no credential. */
    public boolean isOpen(String path) {
        for (Endpoint e : endpoints) {
            if (e.role() == Role.OPEN && e.path().equals(path)) return true;
        }
        return false;
    }

    /** One route being described; {@link #handle} registers it. */
    public final class Route {
        private final String method;
        private final String path;
        private String summary = "";
        private Role role = Role.ADMIN;
        private Content request = Content.NONE;
        private final Map<Integer, List<Content>> responses = new LinkedHashMap<>();
        private final List<Parameter> query = new ArrayList<>();

        private Route(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Route summary(String text) {
            this.summary = text;
            return this;
        }

        public Route role(Role who) {
            this.role = who;
            return this;
        }

        public Route request(Content body) {
            this.request = body;
            return this;
        }

        /** A query parameter with its JSON Schema type ({@code string}, {@code integer}). */
        public Route query(String name, String type, String description) {
            query.add(new Parameter(name, type, description));
            return this;
        }

        public Route returns(int status, Content body) {
            responses.computeIfAbsent(status, s -> new ArrayList<>()).add(body);
            return this;
        }

        /** Error statuses this route answers with a problem body. */
        public Route errors(int... statuses) {
            for (int s : statuses) returns(s, problem());
            return this;
        }

        public void handle(Handler handler) {
            if (responses.isEmpty()) throw new IllegalStateException(method + " " + path + ": no response described");
            if (role != Role.OPEN) responses.putIfAbsent(401, List.of(problem()));
            responses.putIfAbsent(500, List.of(problem()));
            responses.putIfAbsent(503, List.of(problem()));
            endpoints.add(new Endpoint(method, path, summary, role, request, responses, query));
            switch (method) {
                case "GET" -> routes.get(path, handler);
                case "POST" -> routes.post(path, handler);
                case "PUT" -> routes.put(path, handler);
                case "DELETE" -> routes.delete(path, handler);
                default -> throw new IllegalStateException("method: not supported, was " + method);
            }
        }

        private static Content problem() {
            return new Content(Problem.MEDIA_TYPE, dev.gantry.api.Json.mapper().constructType(Problem.class), Map.of());
        }
    }
}
