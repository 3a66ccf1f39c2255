package dev.gantry.server.flags;

/**
 * A stored SDK key: only its SHA-256 is kept, never the key itself.
 *
 * @param name  unique label, e.g. "web"
 * @param env   the one environment the key may stream and evaluate
 * @param hash  hex SHA-256 of the key
 * @param prefix the key's first characters, to recognise it in a list
 */
record SdkKey(String name, String env, String hash, String prefix, String createdAt, String createdBy) {
    SdkKey {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(
                    "name: must match [A-Za-z0-9._-]{1,64}, got " + (name == null ? "nothing" : "\"" + name + "\""));
        }
        if (env == null || !env.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(
                    "env: must match [A-Za-z0-9._-]{1,64}, got " + (env == null ? "nothing" : "\"" + env + "\""));
        }
    }
}
