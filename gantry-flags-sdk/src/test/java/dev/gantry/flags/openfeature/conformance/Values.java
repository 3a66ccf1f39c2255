package dev.gantry.flags.openfeature.conformance;

import dev.openfeature.sdk.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain Java views of OpenFeature values for structural comparison, numbers as doubles. */
final class Values {
    private Values() {}

    static Object toJava(Value v) {
        if (v == null || v.isNull()) return null;
        if (v.isStructure()) {
            Map<String, Object> m = new LinkedHashMap<>();
            v.asStructure().asMap().forEach((k, x) -> m.put(k, toJava(x)));
            return m;
        }
        if (v.isList()) {
            List<Object> l = new ArrayList<>();
            for (Value x : v.asList()) l.add(toJava(x));
            return l;
        }
        if (v.isNumber()) return v.asDouble();
        if (v.isBoolean()) return v.asBoolean();
        return v.asString();
    }

    static Object normalise(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), normalise(x)));
            return out;
        }
        if (o instanceof List<?> l) return l.stream().map(Values::normalise).toList();
        if (o instanceof Number n) return n.doubleValue();
        return o;
    }
}
