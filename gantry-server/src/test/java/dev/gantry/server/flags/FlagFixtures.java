package dev.gantry.server.flags;

/** Flag JSON used across the tests. */
final class FlagFixtures {
    private FlagFixtures() {}

    static String banner(String key, String reason) {
        return """
        {"key":"%s","type":"boolean","description":"new banner",
         "variants":{"on":true,"off":false},
         "environments":{"production":{"enabled":true,"defaultVariant":"off","rules":[
            {"id":"beta","conditions":[{"attribute":"plan","op":"equals","values":["beta"]}],"variant":"on"}]},
           "staging":{"enabled":true,"defaultVariant":"on"}},
         "reason":"%s"}
        """.formatted(key, reason);
    }

    static String stringFlag(String key, String value, String reason) {
        return """
        {"key":"%s","type":"string","variants":{"a":"%s","b":"other"},
         "environments":{"production":{"enabled":true,"defaultVariant":"a"}},"reason":"%s"}
        """.formatted(key, value, reason);
    }
}
