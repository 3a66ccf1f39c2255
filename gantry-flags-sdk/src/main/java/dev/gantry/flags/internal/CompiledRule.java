package dev.gantry.flags.internal;

import dev.gantry.flags.EvaluationContext;
import dev.gantry.flags.Rule;
import java.util.Map;

/** A {@link Rule}: all conditions, then a fixed outcome or a split. */
final class CompiledRule {
    private final CompiledCondition[] conditions;
    private final Outcome fixed;
    private final CompiledRollout rollout;

    CompiledRule(String flagKey, Rule rule, Map<String, Outcome> targetingMatch) {
        this.conditions = rule.conditions().stream().map(CompiledCondition::new).toArray(CompiledCondition[]::new);
        if (rule.rollout() != null) {
            this.rollout = new CompiledRollout(flagKey, rule.rollout(), targetingMatch);
            this.fixed = null;
        } else {
            this.rollout = null;
            this.fixed = targetingMatch.get(rule.variant());
            if (fixed == null) throw new IllegalArgumentException("unknown variant \"" + rule.variant() + "\"");
        }
    }

    /** The outcome when this rule applies, null when it does not. */
    Outcome apply(EvaluationContext ctx, Lookup lookup) {
        for (CompiledCondition c : conditions) if (!c.matches(ctx, lookup)) return null;
        return fixed != null ? fixed : rollout.pick(ctx);
    }
}
