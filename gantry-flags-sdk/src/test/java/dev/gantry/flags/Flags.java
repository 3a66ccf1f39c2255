package dev.gantry.flags;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders of flags for tests. */
final class Flags {
    private Flags() {}

    static final Map<String, Object> ON_OFF = onOff();

    private static Map<String, Object> onOff() {
        var m = new LinkedHashMap<String, Object>();
        m.put("on", true);
        m.put("off", false);
        return m;
    }

    static Flag booleanFlag(String key, EnvConfig production) {
        return Flag.of(key, Flag.BOOLEAN, ON_OFF, Map.of("production", production));
    }

    static Flag targeted(String key, Condition... conditions) {
        return booleanFlag(key, new EnvConfig(true, "off", List.of(Rule.serve("r1", "on", conditions)), null));
    }

    static EvaluationContext user(String key, Object... attributes) {
        var b = EvaluationContext.builder().targetingKey(key);
        for (int i = 0; i < attributes.length; i += 2) b.set((String) attributes[i], attributes[i + 1]);
        return b.build();
    }
}
