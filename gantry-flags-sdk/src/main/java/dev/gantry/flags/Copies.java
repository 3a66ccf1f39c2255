package dev.gantry.flags;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep immutable copies of JSON-shaped values (maps, lists, scalars; nulls allowed). */
final class Copies {
    private Copies() {}

    static Map<String, Object> immutableMap(Map<String, ?> map) {
        if (map == null || map.isEmpty()) return Map.of();
        var copy = new LinkedHashMap<String, Object>();
        map.forEach((k, v) -> copy.put(k, immutableValue(v)));
        return Collections.unmodifiableMap(copy);
    }

    static <V> Map<String, V> immutableCopy(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static List<Object> immutableList(List<?> list) {
        var copy = new ArrayList<Object>(list.size());
        for (Object v : list) copy.add(immutableValue(v));
        return Collections.unmodifiableList(copy);
    }

    @SuppressWarnings("unchecked")
    static Object immutableValue(Object value) {
        if (value instanceof Map<?, ?> m) return immutableMap((Map<String, ?>) m);
        if (value instanceof List<?> l) return immutableList(l);
        return value;
    }
}
