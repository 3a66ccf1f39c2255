package dev.gantry.server.web;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.api.Json;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of the records on the wire, by reflection over
 * record components, the way {@link Json} reads and writes them: records and enums become named
 * components referenced with {@code $ref}; lists are arrays, maps objects; primitives are required.
 * Unknown fields stay allowed (readers ignore them).
 */
final class JsonSchemas {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<Class<?>> INT32 =
            Set.of(int.class, Integer.class, short.class, Short.class, byte.class, Byte.class);
    private static final Set<Class<?>> INT64 = Set.of(long.class, Long.class);
    private static final Set<Class<?>> NUMBER =
            Set.of(double.class, Double.class, float.class, Float.class, BigDecimal.class, Number.class);
    private final Map<String, ObjectNode> components = new TreeMap<>();
    private final Map<String, Class<?>> named = new HashMap<>();

    /** The schema of {@code type}, a {@code $ref} for records and enums (their components are collected). */
    ObjectNode schema(JavaType type) {
        Class<?> c = type.getRawClass();
        if (type.isCollectionLikeType() || type.isArrayType())
            return NODES.objectNode().put("type", "array").set("items", schema(type.getContentType()));
        if (type.isMapLikeType())
            return NODES.objectNode().put("type", "object").set("additionalProperties", schema(type.getContentType()));
        if (c == Optional.class) return schema(type.containedType(0));
        if (c == String.class) return scalar("string", null);
        if (INT32.contains(c)) return scalar("integer", "int32");
        if (INT64.contains(c)) return scalar("integer", "int64");
        if (NUMBER.contains(c)) return scalar("number", null);
        if (c == boolean.class || c == Boolean.class) return scalar("boolean", null);
        if (c == Duration.class) return scalar("string", "duration");
        if (c == Object.class || JsonNode.class.isAssignableFrom(c)) return NODES.objectNode();
        if (c.isEnum() || c.isRecord()) return ref(c);
        if (c.isSealed() && c.isAnnotationPresent(JsonSubTypes.class)) return ref(c);
        throw new IllegalArgumentException("no JSON Schema for " + type.toCanonical()
                + ": API bodies are records, enums, " + "lists, maps and scalars");
    }

    /** The named schemas met so far. */
    ObjectNode components() {
        ObjectNode out = NODES.objectNode();
        components.forEach(out::set);
        return out;
    }

    ObjectNode ref(Class<?> c) {
        String name = c.getSimpleName();
        Class<?> other = named.putIfAbsent(name, c);
        if (other != null && other != c) {
            throw new IllegalStateException(
                    "two API types are named " + name + ": " + other.getName() + " and " + c.getName());
        }
        if (other == null) {
            components.put(name, NODES.objectNode());
            components.put(name, c.isEnum() ? enumeration(c) : c.isRecord() ? record(c) : wrapped(c));
        }
        return NODES.objectNode().put("$ref", "#/components/schemas/" + name);
    }

    private ObjectNode record(Class<?> c) {
        ObjectNode properties = NODES.objectNode();
        ArrayNode required = NODES.arrayNode();
        for (RecordComponent rc : c.getRecordComponents()) {
            if (rc.getAccessor().isAnnotationPresent(JsonIgnore.class)) continue;
            JsonProperty renamed = rc.getAccessor().getAnnotation(JsonProperty.class);
            String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : rc.getName();
            properties.set(name, schema(Json.mapper().getTypeFactory().constructType(rc.getGenericType())));
            if (rc.getType().isPrimitive()) required.add(name);
        }
        ObjectNode schema = NODES.objectNode().put("type", "object");
        schema.set("properties", properties);
        if (!required.isEmpty()) schema.set("required", required);
        return schema;
    }

    /** A sealed interface written as Jackson's wrapper object: one of {@code {"<name>": <record>}}. */
    private ObjectNode wrapped(Class<?> c) {
        ArrayNode oneOf = NODES.arrayNode();
        for (JsonSubTypes.Type t : c.getAnnotation(JsonSubTypes.class).value()) {
            ObjectNode properties = NODES.objectNode();
            properties.set(t.name(), ref(t.value()));
            ObjectNode option = NODES.objectNode().put("type", "object");
            option.set("properties", properties);
            option.set("required", NODES.arrayNode().add(t.name()));
            oneOf.add(option);
        }
        ObjectNode schema = NODES.objectNode();
        schema.set("oneOf", oneOf);
        return schema;
    }

    private static ObjectNode enumeration(Class<?> c) {
        ArrayNode values = NODES.arrayNode();
        for (Object constant : c.getEnumConstants()) values.add(((Enum<?>) constant).name());
        ObjectNode schema = NODES.objectNode().put("type", "string");
        schema.set("enum", values);
        return schema;
    }

    private static ObjectNode scalar(String type, String format) {
        ObjectNode schema = NODES.objectNode().put("type", type);
        if (format != null) schema.put("format", format);
        return schema;
    }
}
