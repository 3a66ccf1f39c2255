package dev.gantry.api.flags;

/**
 * The answer (201) to {@link SdkKeyRequest}.
 *
 * @param key the key itself; shown this once, only its hash is kept
 */
public record SdkKeyCreated(String name, String env, String key) {}
