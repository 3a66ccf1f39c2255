package dev.gantry.server.flags;

import dev.gantry.api.flags.FlagRolloutChange;
import dev.gantry.flags.Rollout;
import dev.gantry.flags.Weight;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Checks of the small flag API bodies ({@code dev.gantry.api.flags}) that need the flag model. */
final class FlagRequests {
    private FlagRequests() {}

    /** The split in 1/100,000, checked in the unit the caller used (problems name "weights.x" or "percentages.x"). */
    static List<Weight> weights(FlagRolloutChange r) {
        if ((r.weights() == null) == (r.percentages() == null)) {
            throw new IllegalArgumentException(
                    "weights: give exactly one of weights (in 1/100000, adding up to 100000) or percentages (adding up to 100)");
        }
        List<Weight> out = new ArrayList<>();
        if (r.weights() != null) {
            r.weights().forEach((variant, w) -> {
                if (w == null || w < 0 || w > Rollout.TOTAL) {
                    throw new IllegalArgumentException(
                            "weights." + variant + ": must be between 0 and 100000, got " + w);
                }
                out.add(new Weight(variant, w));
            });
        } else {
            r.percentages().forEach((variant, p) -> out.add(new Weight(variant, units(variant, p))));
        }
        long sum = out.stream().mapToLong(Weight::weight).sum();
        if (sum != Rollout.TOTAL) {
            throw new IllegalArgumentException(
                    r.weights() != null
                            ? "weights: must add up to 100000, got " + sum
                            : "percentages: must add up to 100, got "
                                    + BigDecimal.valueOf(sum, 3)
                                            .stripTrailingZeros()
                                            .toPlainString());
        }
        return out;
    }

    private static int units(String variant, Double p) {
        if (p == null || !(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentages." + variant + ": must be between 0 and 100, got " + p);
        }
        double units = p * Rollout.TOTAL / 100.0;
        if (Math.abs(units - Math.rint(units)) > 1e-6) {
            throw new IllegalArgumentException(
                    "percentages." + variant + ": at most 3 decimals (resolution 0.001%), got " + p);
        }
        return (int) Math.rint(units);
    }

    static String env(String env) {
        if (env == null || env.isBlank()) throw new IllegalArgumentException("env: is required (e.g. \"production\")");
        if (!env.matches("[A-Za-z0-9._-]{1,64}"))
            throw new IllegalArgumentException("env: must match [A-Za-z0-9._-]{1,64}, got \"" + env + "\"");
        return env;
    }
}
