package dev.gantry.flags.internal;

import dev.gantry.flags.EnvConfig;
import dev.gantry.flags.EvaluationContext;
import java.util.Map;

/** One environment of a flag: rules in order, then the fallthrough rollout, then the default variant. */
final class CompiledEnv {
    final boolean enabled;
    private final CompiledRule[] rules;
    private final CompiledRollout rollout;
    private final Outcome fallback;

    CompiledEnv(String flagKey, EnvConfig env, Map<String, Map<String, Outcome>> outcomesByReason) {
        this.enabled = env.enabled();
        this.rules = env.rules().stream()
                .map(r -> new CompiledRule(flagKey, r, outcomesByReason.get("TARGETING_MATCH")))
                .toArray(CompiledRule[]::new);
        this.rollout = env.rollout() == null
                ? null
                : new CompiledRollout(flagKey, env.rollout(), outcomesByReason.get("SPLIT"));
        String fallbackReason = rules.length == 0 && rollout == null ? "STATIC" : "DEFAULT";
        if (env.defaultVariant() == null) {
            this.fallback = Outcome.NO_DEFAULT_VARIANT;
        } else {
            this.fallback = outcomesByReason.get(fallbackReason).get(env.defaultVariant());
            if (fallback == null)
                throw new IllegalArgumentException("unknown variant \"" + env.defaultVariant() + "\"");
        }
    }

    Outcome resolve(EvaluationContext ctx, Lookup lookup) {
        for (CompiledRule rule : rules) {
            Outcome o = rule.apply(ctx, lookup);
            if (o != null) return o;
        }
        if (rollout != null) {
            Outcome o = rollout.pick(ctx);
            if (o != null) return o;
        }
        return fallback;
    }
}
