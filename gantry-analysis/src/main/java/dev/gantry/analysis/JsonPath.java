package dev.gantry.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A JSON node with the path it was found at ({@code metrics[1].analysisConfigurations.canary}), read strictly:
 * every error is an IllegalArgumentException whose message starts with the path of the value at fault.
 */
public record JsonPath(String path, JsonNode node) {

    public static JsonPath root(String path, JsonNode node) {
        return new JsonPath(path, node);
    }

    /** This node as an object whose fields are all among {@code allowed}. */
    public JsonPath object(String... allowed) {
        if (!node.isObject()) throw fail("must be an object, was " + kind(node));
        Set<String> known = new LinkedHashSet<>(Arrays.asList(allowed));
        for (String field : (Iterable<String>) node::fieldNames)
            if (!known.contains(field))
                throw new IllegalArgumentException(
                        child(field) + ": unknown field, expected one of " + String.join(", ", known));
        return this;
    }

    public boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    public JsonPath get(String field) {
        return new JsonPath(child(field), node.get(field));
    }

    public List<JsonPath> array() {
        if (!node.isArray()) throw fail("must be an array, was " + kind(node));
        List<JsonPath> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) items.add(new JsonPath(path + "[" + i + "]", node.get(i)));
        return items;
    }

    public String text(String field, String absent) {
        if (!has(field)) return absent;
        JsonNode v = node.get(field);
        if (!v.isTextual()) throw new IllegalArgumentException(child(field) + ": must be a string, was " + kind(v));
        return v.asText();
    }

    public String choice(String field, String absent, String... allowed) {
        String v = text(field, absent);
        if (!Arrays.asList(allowed).contains(v))
            throw new IllegalArgumentException(
                    child(field) + ": must be one of " + String.join(", ", allowed) + ", was " + v);
        return v;
    }

    public boolean bool(String field, boolean absent) {
        if (!has(field)) return absent;
        JsonNode v = node.get(field);
        if (!v.isBoolean())
            throw new IllegalArgumentException(child(field) + ": must be true or false, was " + kind(v));
        return v.asBoolean();
    }

    public double number(String field, double absent) {
        if (!has(field)) return absent;
        return get(field).number();
    }

    public double number() {
        if (!node.isNumber()) throw fail("must be a number, was " + kind(node));
        return node.asDouble();
    }

    /** This node as a whole number. */
    public long integer() {
        if (!node.isIntegralNumber() || !node.canConvertToLong())
            throw fail("must be a whole number, was " + kind(node));
        return node.asLong();
    }

    public List<String> texts(String field) {
        if (!has(field)) return List.of();
        List<String> out = new ArrayList<>();
        for (JsonPath item : get(field).array()) {
            if (!item.node.isTextual()) throw item.fail("must be a string, was " + kind(item.node));
            out.add(item.node.asText());
        }
        return out;
    }

    public IllegalArgumentException fail(String message) {
        return new IllegalArgumentException((path.isEmpty() ? "config" : path) + ": " + message);
    }

    public String child(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    public static String kind(JsonNode v) {
        if (v == null || v.isNull()) return "null";
        if (v.isTextual()) return "the string \"" + v.asText() + "\"";
        if (v.isNumber() || v.isBoolean()) return v.asText();
        return v.isArray() ? "an array" : "an object";
    }
}
