package dev.gantry.server.web;

import dev.gantry.api.Problem;
import dev.gantry.server.tokens.Role;
import dev.gantry.server.web.Endpoint.Content;
import dev.gantry.server.web.Endpoint.Parameter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Who may call a route is declared with it and checked before its handler runs ({@link Access}):
 * by default a GET is for the roles admin, deployer and viewer, anything else for admin and
 * deployer; {@link Route#roles} says otherwise, {@link Route#open} needs no credential.
 *
 * Every route also documents 500 (internal) and 503 (the store is unavailable), and every route
 * that needs a credential 401 and 403.
 */
public final class ApiRoutes {
    private static final Set<Role> READERS = EnumSet.of(Role.ADMIN, Role.DEPLOYER, Role.VIEWER);
    private static final Set<Role> WRITERS = EnumSet.of(Role.ADMIN, Role.DEPLOYER);
    private final RoutesConfig routes;
    private final Access access;
    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();

    public ApiRoutes(RoutesConfig routes, Access access) {
        this.routes = routes;
        this.access = access;
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

    /** One route being described; {@link #handle} registers it. */
    public final class Route {
        private final String method;
        private final String path;
        private String summary = "";
        private Set<Role> roles;
        private boolean sdkKey;
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

        /** Needs no credential. */
        public Route open() {
            this.roles = Set.of();
            return this;
        }

        /** Only these roles, and admin, may call it. */
        public Route roles(Role... who) {
            this.roles = EnumSet.of(Role.ADMIN, who);
            return this;
        }

        /** An SDK key passes too (besides the route's roles). */
        public Route sdkKey() {
            this.sdkKey = true;
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
            if (roles == null) roles = method.equals("GET") ? READERS : WRITERS;
            if (!roles.isEmpty() || sdkKey) {
                responses.putIfAbsent(401, List.of(problem()));
                responses.putIfAbsent(403, List.of(problem()));
            }
            responses.putIfAbsent(500, List.of(problem()));
            responses.putIfAbsent(503, List.of(problem()));
            Endpoint described = new Endpoint(method, path, summary, roles, sdkKey, request, responses, query);
            endpoints.add(described);
            Handler checked = ctx -> {
                access.check(ctx, described);
                handler.handle(ctx);
            };
            switch (method) {
                case "GET" -> routes.get(path, checked);
                case "POST" -> routes.post(path, checked);
                case "PUT" -> routes.put(path, checked);
                case "DELETE" -> routes.delete(path, checked);
                default -> throw new IllegalStateException("method: not supported, was " + method);
            }
        }

        private static Content problem() {
            return new Content(Problem.MEDIA_TYPE, dev.gantry.api.Json.mapper().constructType(Problem.class), Map.of());
        }
    }
}
