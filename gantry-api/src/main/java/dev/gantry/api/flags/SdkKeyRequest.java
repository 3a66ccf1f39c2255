package dev.gantry.api.flags;

/** {@code POST /api/v1/sdk-keys}: a new read-only key for one environment. */
public record SdkKeyRequest(String name, String env) {}
