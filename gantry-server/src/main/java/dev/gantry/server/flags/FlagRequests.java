package dev.gantry.server.flags;

import java.util.Map;

/** The small JSON bodies of the flag helpers (each rejects unknown fields). */
final class FlagRequests {
  private FlagRequests() {
  }

  /** {@code POST /api/v1/flags/{key}/toggle}. */
  record Toggle(String env, Boolean on, String reason, Long version) {
  }

  /**
   * {@code POST /api/v1/flags/{key}/rollout}: {@code weights} in 1/100,000 or {@code percentages}
   * (may have decimals, add up to 100).
   */
  record RolloutChange(String env, Map<String, Integer> weights, Map<String, Double> percentages, String bucketBy,
                       String reason, Long version) {
  }

  /** {@code POST /api/v1/sdk-keys}. */
  record NewSdkKey(String name, String env) {
  }

  static String env(String env) {
    if (env == null || env.isBlank()) throw new IllegalArgumentException("env: is required (e.g. \"production\")");
    if (!env.matches("[A-Za-z0-9._-]{1,64}")) throw new IllegalArgumentException("env: must match [A-Za-z0-9._-]{1,64}, got \"" + env + "\"");
    return env;
  }
}
