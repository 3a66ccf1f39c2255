package dev.gantry.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.api.Json;
import dev.gantry.api.Problem;
import dev.gantry.server.web.Endpoint.Content;
import dev.gantry.server.web.Endpoint.Parameter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 description of the control plane, generated from the {@link Endpoint}s that
 * {@link ApiRoutes} recorded and the records they name (see {@link JsonSchemas}); served, without
 * a credential, at {@value #PATH}.
 */
public final class OpenApi {
    public static final String PATH = "/api/v1/openapi.json";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(200, "OK"),
            Map.entry(201, "Created"),
            Map.entry(202, "Accepted"),
            Map.entry(204, "No content"),
            Map.entry(304, "Not modified"),
            Map.entry(400, "Bad request"),
            Map.entry(401, "Missing or wrong credential"),
            Map.entry(403, "Forbidden"),
            Map.entry(404, "Not found"),
            Map.entry(409, "Conflict"),
            Map.entry(413, "Request body too large"),
            Map.entry(500, "Internal error"),
            Map.entry(502, "Bad gateway"),
            Map.entry(503, "Unavailable, retry shortly"));

    private OpenApi() {}

    /** Registers {@value #PATH}; the document covers every route registered before the first request for it. */
    public static void register(ApiRoutes routes) {
        String[] document = new String[1];
        routes.get(PATH)
                .open()
                .summary("This description of the API (OpenAPI 3.1)")
                .returns(200, Content.json(JsonNode.class))
                .handle(ctx -> {
                    synchronized (document) {
                        if (document[0] == null) document[0] = Json.write(document(routes.endpoints()));
                    }
                    ctx.contentType("application/json").result(document[0]);
                });
    }

    public static ObjectNode document(List<Endpoint> endpoints) {
        JsonSchemas schemas = new JsonSchemas();
        ObjectNode paths = NODES.objectNode();
        Map<String, List<Endpoint>> byPath = new TreeMap<>();
        for (Endpoint e : endpoints)
            byPath.computeIfAbsent(e.path(), p -> new java.util.ArrayList<>()).add(e);
        byPath.forEach((path, operations) -> {
            ObjectNode item = paths.putObject(path);
            operations.stream()
                    .sorted(Comparator.comparing(Endpoint::method))
                    .forEach(e -> item.set(e.method().toLowerCase(java.util.Locale.ROOT), operation(e, schemas)));
        });
        schemas.ref(Problem.class);
        ObjectNode doc = NODES.objectNode().put("openapi", "3.1.0");
        doc.set("info", info());
        doc.set("paths", paths);
        ObjectNode components = doc.putObject("components");
        components.set("schemas", schemas.components());
        components.set("securitySchemes", securitySchemes());
        return doc;
    }

    private static ObjectNode operation(Endpoint e, JsonSchemas schemas) {
        ObjectNode op = NODES.objectNode().put("summary", e.summary()).put("operationId", operationId(e));
        op.putArray("tags").add(tag(e.path()));
        op.set("security", security(e));
        if (!e.roles().isEmpty()) {
            ArrayNode roles = op.putArray("x-gantry-roles");
            e.roles().forEach(r -> roles.add(r.label()));
        }
        ArrayNode parameters = NODES.arrayNode();
        Matcher m = PATH_PARAM.matcher(e.path());
        while (m.find()) parameters.add(parameter(m.group(1), "path", "string", null, true));
        for (Parameter q : e.query()) parameters.add(parameter(q.name(), "query", q.type(), q.description(), false));
        if (!parameters.isEmpty()) op.set("parameters", parameters);
        if (!e.request().isNone()) {
            ObjectNode body = op.putObject("requestBody").put("required", true);
            body.set("content", content(e.request(), schemas));
        }
        ObjectNode responses = op.putObject("responses");
        e.responses().forEach((status, bodies) -> {
            ObjectNode r = responses
                    .putObject(String.valueOf(status))
                    .put("description", REASONS.getOrDefault(status, "Status " + status));
            ObjectNode content = NODES.objectNode();
            for (Content c : bodies) if (!c.isNone()) merge(content, content(c, schemas));
            if (!content.isEmpty()) r.set("content", content);
        });
        return op;
    }

    /** Adds a media type's body; a second body of the same media type makes its schema a {@code oneOf}. */
    private static void merge(ObjectNode content, ObjectNode media) {
        media.properties().forEach(e -> {
            JsonNode earlier = content.get(e.getKey());
            if (earlier == null) {
                content.set(e.getKey(), e.getValue());
                return;
            }
            JsonNode schema = earlier.path("schema");
            ArrayNode choices = schema.has("oneOf")
                    ? (ArrayNode) schema.get("oneOf")
                    : NODES.arrayNode().add(schema);
            choices.add(e.getValue().path("schema"));
            ((ObjectNode) earlier).set("schema", NODES.objectNode().set("oneOf", choices));
        });
    }

    private static ObjectNode content(Content c, JsonSchemas schemas) {
        ObjectNode media = NODES.objectNode();
        ObjectNode schema;
        if (c.type() != null) {
            schema = schemas.schema(c.type());
        } else if (!c.events().isEmpty()) {
            schema = NODES.objectNode()
                    .put("type", "string")
                    .put(
                            "description",
                            "server-sent events; the data of each event is the JSON of its record (x-events)");
            ObjectNode events = schema.putObject("x-events");
            new TreeMap<>(c.events()).forEach((name, type) -> events.set(name, schemas.ref(type)));
        } else {
            schema = NODES.objectNode().put("type", "string");
            if (!c.mediaType().startsWith("text/")) schema.put("contentMediaType", c.mediaType());
        }
        media.putObject(c.mediaType()).set("schema", schema);
        return media;
    }

    private static ObjectNode parameter(String name, String in, String type, String description, boolean required) {
        ObjectNode p = NODES.objectNode().put("name", name).put("in", in).put("required", required);
        if (description != null) p.put("description", description);
        p.putObject("schema").put("type", type);
        return p;
    }

    private static ArrayNode security(Endpoint e) {
        ArrayNode alternatives = NODES.arrayNode();
        if (e.isOpen()) return alternatives;
        alternatives.addObject().putArray("credential");
        if (e.sdkKey()) alternatives.addObject().putArray("sdkKey");
        return alternatives;
    }

    /** {@code GET /api/v1/apps/{app}/releases} is {@code getAppsAppReleases}. */
    static String operationId(Endpoint e) {
        StringBuilder id = new StringBuilder(e.method().toLowerCase(java.util.Locale.ROOT));
        for (String part : e.path().replaceFirst("^/api/v1", "").split("[/{}.-]+")) {
            if (!part.isEmpty())
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id.toString();
    }

    private static String tag(String path) {
        String[] parts = path.replaceFirst("^/api/v1", "").split("/");
        return parts.length > 1 && !parts[1].isEmpty() ? parts[1] : "status";
    }

    private static ObjectNode info() {
        ObjectNode info =
                NODES.objectNode().put("title", "Gantry control plane").put("version", "v1");
        info.put(
                "description",
                "Every body is JSON read with one rule: fields a reader does not know are ignored, anything "
                        + "else unexpected (a key twice, null for a number, a number for an enum, a string for a number) is refused. "
                        + "Every error is an RFC 9457 application/problem+json body (type, title, status, detail, and field and "
                        + "problems where known). GET, PUT and DELETE may be retried.");
        return info;
    }

    private static ObjectNode securitySchemes() {
        ObjectNode schemes = NODES.objectNode();
        schemes.putObject("credential")
                .put("type", "http")
                .put("scheme", "bearer")
                .put(
                        "description",
                        "a named credential (gantry tokens create) whose role is one of the operation's x-gantry-roles, "
                                + "or the bootstrap admin token, the file 'token' in the control plane's data directory");
        schemes.putObject("sdkKey")
                .put("type", "http")
                .put("scheme", "bearer")
                .put("description", "a read-only SDK key (gsdk_...) bound to one environment");
        return schemes;
    }
}
