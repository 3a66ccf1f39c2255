package dev.gantry.flags;

import dev.gantry.flags.internal.ConditionValidator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks flags and segments the way the server must before storing them. Every problem is a
 * message that starts with the field path, e.g.
 * {@code environments.production.rules[0].variant: unknown variant "blue"}. Empty list = valid.
 */
public final class FlagValidator {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Set<String> TYPES = Set.of(Flag.BOOLEAN, Flag.STRING, Flag.NUMBER, Flag.JSON);
    private static final String NOT_FINITE = "numbers must be finite (JSON cannot hold infinity or NaN)";

    private FlagValidator() {}

    /**
     * @param knownSegmentKeys segment keys that {@code inSegment}/{@code notInSegment} may name;
     *     null skips that check (the SDK does, since segments may arrive after flags)
     */
    public static List<String> validate(Flag flag, Set<String> knownSegmentKeys) {
        List<String> problems = new ArrayList<>();
        check(flag, knownSegmentKeys, problems, problems);
        return problems;
    }

    /**
     * What stops an SDK from evaluating a flag it received: the problems {@link #validate} finds,
     * except unknown segments (segments may arrive after flags) and {@code matches} patterns, which
     * go to {@code patternProblems} instead: an older server accepted java.util.regex syntax that
     * RE2 cannot compile, and such a pattern matches nothing rather than breaking the whole flag.
     */
    static List<String> validateForEvaluation(Flag flag, List<String> patternProblems) {
        List<String> problems = new ArrayList<>();
        check(flag, null, problems, patternProblems);
        return problems;
    }

    private static void check(
            Flag flag, Set<String> knownSegmentKeys, List<String> problems, List<String> patternProblems) {
        checkKey("key", flag.key(), problems);
        if (!TYPES.contains(flag.type())) {
            problems.add("type: expected one of boolean, string, number, json, got "
                    + ConditionValidator.quote(flag.type()));
        }
        checkVariants(flag, problems);
        flag.environments().forEach((name, env) -> {
            new EnvChecks(flag, knownSegmentKeys, problems, patternProblems).check("environments." + name, env);
            checkRolloutsNameVariantsOnce("environments." + name, env, problems);
        });
        checkPrerequisites(flag, problems);
        flag.metadata().forEach((name, value) -> {
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                problems.add("metadata." + name + ": expected a string, number or boolean, got "
                        + ConditionValidator.quote(value));
            } else if (!finite(value)) {
                problems.add("metadata." + name + ": " + NOT_FINITE);
            }
        });
    }

    /** Checks a segment: its key, included/excluded entries and conditions (no segment operators inside). */
    public static List<String> validateSegment(Segment segment) {
        List<String> problems = new ArrayList<>();
        checkKey("key", segment.key(), problems);
        for (int i = 0; i < segment.included().size(); i++) {
            if (segment.included().get(i) == null) problems.add("included[" + i + "]: must not be null");
        }
        for (int i = 0; i < segment.excluded().size(); i++) {
            if (segment.excluded().get(i) == null) problems.add("excluded[" + i + "]: must not be null");
        }
        for (int i = 0; i < segment.conditions().size(); i++) {
            ConditionValidator.check(
                    segment.conditions().get(i), "conditions[" + i + "]", null, false, problems, problems);
        }
        return problems;
    }

    /**
     * What is wrong with a flag or segment key, named as {@code field}, or null when it is a valid key.
     * Keys are URL path segments, so "." and ".." (which URLs resolve away) are refused too.
     */
    public static String keyProblem(String field, String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            return field + ": must match [A-Za-z0-9._-]{1,128}, got " + ConditionValidator.quote(key);
        }
        return key.equals(".") || key.equals("..")
                ? field + ": must not be \".\" or \"..\" (URLs resolve them away)"
                : null;
    }

    static void checkKey(String field, String key, List<String> problems) {
        String problem = keyProblem(field, key);
        if (problem != null) problems.add(problem);
    }

    private static void checkVariants(Flag flag, List<String> problems) {
        if (flag.variants().isEmpty()) problems.add("variants: must have at least 1 variant");
        for (Map.Entry<String, Object> e : flag.variants().entrySet()) {
            String path = "variants." + e.getKey();
            Object value = e.getValue();
            if (value == null) {
                problems.add(path + ": must not be null");
            } else if (!matchesType(flag.type(), value) && TYPES.contains(flag.type())) {
                problems.add(path + ": expected " + flag.type() + ", got " + ConditionValidator.quote(value));
            } else if (!finite(value)) {
                problems.add(path + ": " + NOT_FINITE);
            }
        }
    }

    /**
     * JSON has no infinity: a number too large for a double (1e400) would be stored as the string
     * "Infinity" and no longer match its flag's type.
     */
    private static boolean finite(Object value) {
        return switch (value) {
            case Double d -> Double.isFinite(d);
            case Float f -> Float.isFinite(f);
            case Map<?, ?> m -> m.values().stream().allMatch(v -> v == null || finite(v));
            case List<?> l -> l.stream().allMatch(v -> v == null || finite(v));
            default -> true;
        };
    }

    /** A variant listed twice in one split would hide what the split really serves. */
    private static void checkRolloutsNameVariantsOnce(String path, EnvConfig env, List<String> problems) {
        if (env == null) return;
        checkOnce(path + ".rollout", env.rollout(), problems);
        for (int i = 0; i < env.rules().size(); i++) {
            Rule rule = env.rules().get(i);
            if (rule != null) checkOnce(path + ".rules[" + i + "].rollout", rule.rollout(), problems);
        }
    }

    private static void checkOnce(String path, Rollout rollout, List<String> problems) {
        if (rollout == null) return;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rollout.weights().size(); i++) {
            Weight w = rollout.weights().get(i);
            if (w != null && !seen.add(w.variant())) {
                problems.add(path + ".weights[" + i + "].variant: " + ConditionValidator.quote(w.variant())
                        + " is listed twice");
            }
        }
    }

    private static boolean matchesType(String type, Object value) {
        return switch (type) {
            case Flag.BOOLEAN -> value instanceof Boolean;
            case Flag.STRING -> value instanceof String;
            case Flag.NUMBER -> value instanceof Number;
            default -> true;
        };
    }

    private static void checkPrerequisites(Flag flag, List<String> problems) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < flag.prerequisites().size(); i++) {
            Prerequisite p = flag.prerequisites().get(i);
            String path = "prerequisites[" + i + "]";
            if (p == null) {
                problems.add(path + ": must not be null");
                continue;
            }
            checkKey(path + ".flag", p.flag(), problems);
            if (p.flag().equals(flag.key())) problems.add(path + ".flag: a flag cannot be its own prerequisite");
            if (!seen.add(p.flag()))
                problems.add(path + ".flag: " + ConditionValidator.quote(p.flag()) + " is listed twice");
        }
    }
}
