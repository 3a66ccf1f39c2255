package dev.gantry.markdown.json5;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON5 object as JavaScript sees it: own properties plus a prototype, because json5 0.5.1
 * assigns keys with {@code object[key] = value}, so a {@code __proto__} key holding an object or
 * array replaces the prototype instead of becoming a property.
 */
public final class JsObject {
    private final Map<String, Object> own = new LinkedHashMap<>();
    private Object prototype;

    /** {@code object[key] = value} with JavaScript's {@code __proto__} setter semantics. */
    void assign(String key, Object value) {
        if (key.equals("__proto__")) {
            if (value instanceof JsObject || value instanceof java.util.List) {
                prototype = value;
            }
            return;
        }
        own.put(key, value);
    }

    /** Property lookup along the prototype chain; {@link Json5Parser#UNDEFINED} when absent. */
    public Object get(String key) {
        if (own.containsKey(key)) {
            return own.get(key);
        }
        return prototype instanceof JsObject p ? p.get(key) : Json5Parser.UNDEFINED;
    }

    /** Own properties in insertion order. */
    public Map<String, Object> own() {
        return java.util.Collections.unmodifiableMap(own);
    }

    /** The replaced prototype (a {@code JsObject} or a {@code List}), or null for Object.prototype. */
    public Object prototype() {
        return prototype;
    }
}
