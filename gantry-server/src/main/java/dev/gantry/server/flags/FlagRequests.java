package dev.gantry.server.flags;

import dev.gantry.flags.Rollout;
import dev.gantry.flags.Weight;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
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
    /** The split in 1/100,000, checked in the unit the caller used (problems name "weights.x" or "percentages.x"). */
    List<Weight> toWeights() {
      if ((weights == null) == (percentages == null)) {
        throw new IllegalArgumentException("weights: give exactly one of weights (in 1/100000, adding up to 100000) or percentages (adding up to 100)");
      }
      List<Weight> out = new ArrayList<>();
      if (weights != null) {
        weights.forEach((variant, w) -> {
          if (w == null || w < 0 || w > Rollout.TOTAL) {
            throw new IllegalArgumentException("weights." + variant + ": must be between 0 and 100000, got " + w);
          }
          out.add(new Weight(variant, w));
        });
      } else {
        percentages.forEach((variant, p) -> out.add(new Weight(variant, units(variant, p))));
      }
      long sum = out.stream().mapToLong(Weight::weight).sum();
      if (sum != Rollout.TOTAL) {
        throw new IllegalArgumentException(weights != null ? "weights: must add up to 100000, got " + sum
            : "percentages: must add up to 100, got " + BigDecimal.valueOf(sum, 3).stripTrailingZeros().toPlainString());
      }
      return out;
    }

    private static int units(String variant, Double p) {
      if (p == null || !(p >= 0 && p <= 100)) {
        throw new IllegalArgumentException("percentages." + variant + ": must be between 0 and 100, got " + p);
      }
      double units = p * Rollout.TOTAL / 100.0;
      if (Math.abs(units - Math.rint(units)) > 1e-6) {
        throw new IllegalArgumentException("percentages." + variant + ": at most 3 decimals (resolution 0.001%), got " + p);
      }
      return (int) Math.rint(units);
    }
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
