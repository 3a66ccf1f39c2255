package dev.gantry.server.web;

import com.fasterxml.jackson.databind.JavaType;
import dev.gantry.api.Json;
import dev.gantry.server.tokens.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One route of the control plane as {@code /api/v1/openapi.json} describes it: method, path, who
 * may call it, what it takes, and every status it answers with the body of each. Built by
 * {@link ApiRoutes} as the route is registered, so the description cannot miss a route.
 *
 * @param roles     the credential roles that may call it ({@link Role#ADMIN} always may); empty: open, no
 *                  credential needed (health, the API description)
 * @param sdkKey    whether an SDK key also passes (flag stream, OFREP)
 * @param responses status to the bodies it may carry (one per media type); error statuses carry a
 *                  {@code Problem} unless the route says otherwise
 */
public record Endpoint(
        String method,
        String path,
        String summary,
        Set<Role> roles,
        boolean sdkKey,
        Content request,
        Map<Integer, List<Content>> responses,
        List<Parameter> query) {
    public Endpoint {
        Map<Integer, List<Content>> copy = new java.util.TreeMap<>();
        responses.forEach((status, bodies) -> copy.put(status, List.copyOf(bodies)));
        responses = java.util.Collections.unmodifiableMap(copy);
        query = List.copyOf(query);
        roles = roles.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(roles));
    }

    /** Needs no credential. */
    public boolean isOpen() {
        return roles.isEmpty() && !sdkKey;
    }

    public boolean allows(Role role) {
        return role == Role.ADMIN || roles.contains(role);
    }

    /** The body a response of this status and media type carries; empty when the description has none such. */
    public java.util.Optional<Content> response(int status, String mediaType) {
        for (Content c : responses.getOrDefault(status, List.of())) {
            if (c.isNone()
                    ? mediaType == null || mediaType.isEmpty()
                    : mediaType != null && mediaType.startsWith(c.mediaType())) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * A body: its media type and, for JSON and event streams, the Java type it reads as (a record,
     * {@code List<Record>}, ...); null for text, archives and no body.
     *
     * @param events for an event stream: event name to the type of its {@code data}
     */
    public record Content(String mediaType, JavaType type, Map<String, Class<?>> events) {
        public static final Content NONE = new Content(null, null, Map.of());

        public Content {
            events = Map.copyOf(events);
        }

        public static Content json(Class<?> type) {
            return new Content("application/json", Json.mapper().constructType(type), Map.of());
        }

        public static Content jsonList(Class<?> element) {
            return new Content(
                    "application/json",
                    Json.mapper().getTypeFactory().constructCollectionType(List.class, element),
                    Map.of());
        }

        public static Content of(String mediaType) {
            return new Content(mediaType, null, Map.of());
        }

        public static Content events(Map<String, Class<?>> events) {
            return new Content("text/event-stream", null, events);
        }

        public boolean isNone() {
            return mediaType == null;
        }
    }

    /** A query parameter: its name, JSON Schema type and meaning. */
    public record Parameter(String name, String type, String description) {}
}
