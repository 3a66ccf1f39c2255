package dev.gantry.flags.internal;

import dev.gantry.flags.EvaluationContext;
import dev.gantry.flags.Flag;
import dev.gantry.flags.Prerequisite;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Flag} compiled for fast evaluation in any of its environments. A flag with problems
 * compiles to one that answers every evaluation with ERROR / PARSE_ERROR.
 */
public final class CompiledFlag {
    public static final int MAX_DEPTH = 8;
    private static final String[] REASONS = {"STATIC", "TARGETING_MATCH", "DEFAULT", "SPLIT"};

    private final Flag flag;
    private final Map<String, CompiledEnv> environments = new HashMap<>();
    private final Prerequisite[] prerequisites;
    private final Outcome broken;

    /** @param problems what stops the flag from being evaluated (empty when nothing does) */
    public CompiledFlag(Flag flag, List<String> problems) {
        this.flag = flag;
        this.prerequisites = flag.prerequisites().toArray(Prerequisite[]::new);
        this.broken = compile(flag, problems);
    }

    private Outcome compile(Flag flag, List<String> problems) {
        if (!problems.isEmpty()) {
            return Outcome.callerDefault(
                    "ERROR", "PARSE_ERROR", "flag " + flag.key() + " is invalid: " + problems.get(0));
        }
        try {
            var outcomes = outcomes(flag);
            flag.environments()
                    .forEach((name, env) -> environments.put(name, new CompiledEnv(flag.key(), env, outcomes)));
            return null;
        } catch (RuntimeException e) {
            environments.clear();
            return Outcome.callerDefault(
                    "ERROR", "PARSE_ERROR", "flag " + flag.key() + " is invalid: " + e.getMessage());
        }
    }

    private static Map<String, Map<String, Outcome>> outcomes(Flag flag) {
        Map<String, Map<String, Outcome>> byReason = new HashMap<>();
        for (String reason : REASONS) {
            Map<String, Outcome> byVariant = new HashMap<>();
            flag.variants().forEach((variant, value) -> byVariant.put(variant, Outcome.served(value, variant, reason)));
            byReason.put(reason, byVariant);
        }
        return byReason;
    }

    public Flag flag() {
        return flag;
    }

    /** Resolves this flag in an environment; never returns null. */
    public Outcome resolve(String environment, EvaluationContext ctx, Lookup lookup, int depth) {
        if (broken != null) return broken;
        if (flag.killSwitch()) return Outcome.DISABLED;
        CompiledEnv env = environments.get(environment);
        if (env == null || !env.enabled) return Outcome.DISABLED;
        if (prerequisites.length > 0) {
            Outcome failed = checkPrerequisites(environment, ctx, lookup, depth);
            if (failed != null) return failed;
        }
        return env.resolve(ctx, lookup);
    }

    private Outcome checkPrerequisites(String environment, EvaluationContext ctx, Lookup lookup, int depth) {
        if (depth >= MAX_DEPTH) return Outcome.DEPTH_EXCEEDED;
        for (Prerequisite p : prerequisites) {
            CompiledFlag other = lookup.flag(p.flag());
            if (other == null) return Outcome.PREREQUISITE_FAILED;
            Outcome o = other.resolve(environment, ctx, lookup, depth + 1);
            if (o == Outcome.DEPTH_EXCEEDED) return o;
            if (o.variant() == null || !o.variant().equals(p.variant())) return Outcome.PREREQUISITE_FAILED;
        }
        return null;
    }
}
