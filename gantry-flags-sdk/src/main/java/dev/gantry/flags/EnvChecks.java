package dev.gantry.flags;

import dev.gantry.flags.internal.ConditionValidator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The part of {@link FlagValidator} that checks one environment: rules, rollouts, variants named. */
final class EnvChecks {
    private final Flag flag;
    private final Set<String> knownSegmentKeys;
    private final List<String> problems;
    private final List<String> patternProblems;

    EnvChecks(Flag flag, Set<String> knownSegmentKeys, List<String> problems, List<String> patternProblems) {
        this.flag = flag;
        this.knownSegmentKeys = knownSegmentKeys;
        this.problems = problems;
        this.patternProblems = patternProblems;
    }

    void check(String path, EnvConfig env) {
        if (env == null) {
            problems.add(path + ": must not be null");
            return;
        }
        if (env.defaultVariant() == null && env.rollout() == null) {
            problems.add(path + ".defaultVariant: must be set (or give a rollout)");
        } else if (env.defaultVariant() != null) {
            checkVariant(path + ".defaultVariant", env.defaultVariant());
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < env.rules().size(); i++)
            checkRule(path + ".rules[" + i + "]", env.rules().get(i), ids);
        if (env.rollout() != null) checkRollout(path + ".rollout", env.rollout());
    }

    private void checkRule(String path, Rule rule, Set<String> ids) {
        if (rule == null) {
            problems.add(path + ": must not be null");
            return;
        }
        if (rule.id() == null || rule.id().isBlank()) {
            problems.add(path + ".id: must not be blank");
        } else if (!ids.add(rule.id())) {
            problems.add(path + ".id: duplicate rule id " + ConditionValidator.quote(rule.id()));
        }
        for (int i = 0; i < rule.conditions().size(); i++) {
            ConditionValidator.check(
                    rule.conditions().get(i),
                    path + ".conditions[" + i + "]",
                    knownSegmentKeys,
                    true,
                    problems,
                    patternProblems);
        }
        if ((rule.variant() == null) == (rule.rollout() == null)) {
            problems.add(path + ": needs exactly one of variant or rollout");
        } else if (rule.variant() != null) {
            checkVariant(path + ".variant", rule.variant());
        } else {
            checkRollout(path + ".rollout", rule.rollout());
        }
    }

    private void checkRollout(String path, Rollout rollout) {
        if (rollout.weights().isEmpty()) {
            problems.add(path + ".weights: must not be empty");
            return;
        }
        long sum = 0;
        for (int i = 0; i < rollout.weights().size(); i++) {
            Weight w = rollout.weights().get(i);
            String at = path + ".weights[" + i + "]";
            if (w == null) {
                problems.add(at + ": must not be null");
                continue;
            }
            checkVariant(at + ".variant", w.variant());
            if (w.weight() < 0 || w.weight() > Rollout.TOTAL) {
                problems.add(at + ".weight: must be between 0 and 100000, got " + w.weight());
            }
            sum += w.weight();
        }
        if (sum != Rollout.TOTAL) problems.add(path + ".weights: must add up to 100000, got " + sum);
    }

    private void checkVariant(String path, String variant) {
        if (!flag.variants().containsKey(variant)) {
            problems.add(path + ": unknown variant " + ConditionValidator.quote(variant));
        }
    }
}
