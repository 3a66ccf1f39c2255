package dev.gantry.flags.internal;

import dev.gantry.flags.Condition;
import dev.gantry.flags.FlagJson;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks one condition, reporting problems prefixed with its field path. */
public final class ConditionValidator {
    private ConditionValidator() {}

    /**
     * @param knownSegmentKeys segments a segment operator may name; null skips that check
     * @param segmentsAllowed false inside a segment, where segment operators could recurse
     * @param patternProblems where problems with {@code matches} patterns go: {@code problems} itself
     *     when writing, another list when evaluating (such a pattern matches nothing there)
     */
    public static void check(
            Condition c,
            String path,
            Set<String> knownSegmentKeys,
            boolean segmentsAllowed,
            List<String> problems,
            List<String> patternProblems) {
        if (c == null) {
            problems.add(path + ": must not be null");
            return;
        }
        if (c.attribute() == null || c.attribute().isBlank()) problems.add(path + ".attribute: must not be blank");
        Operator op = Operator.byName(c.op());
        if (op == null) {
            problems.add(path + ".op: unknown operator " + quote(c.op()) + ", expected one of " + Operator.names());
            return;
        }
        if (op.kind() == Operator.Kind.SEGMENT && !segmentsAllowed) {
            problems.add(path + ".op: " + op.jsonName() + " is not allowed inside a segment");
            return;
        }
        if (c.values().isEmpty()) problems.add(path + ".values: must have at least 1 value");
        for (int i = 0; i < c.values().size(); i++) {
            String at = path + ".values[" + i + "]: ";
            String problem = checkValue(op, c.values().get(i), knownSegmentKeys);
            if (problem != null) {
                problems.add(at + problem);
            } else if (op.kind() == Operator.Kind.REGEX
                    && (problem = Regex.problem(String.valueOf(c.values().get(i)))) != null) {
                patternProblems.add(at + problem);
            }
        }
    }

    private static String checkValue(Operator op, Object value, Set<String> knownSegmentKeys) {
        if (value == null) return "must not be null";
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return "expected a string, number or boolean, got " + FlagJson.write(value);
        }
        String text = String.valueOf(value);
        return switch (op.kind()) {
            case NUMBER -> numberProblem(value);
            case SEMVER -> Semver.parse(text) == null ? "invalid semantic version " + quote(value) : null;
            case SEGMENT ->
                knownSegmentKeys != null && !knownSegmentKeys.contains(text) ? "unknown segment " + quote(value) : null;
            default -> null;
        };
    }

    private static String numberProblem(Object value) {
        double d = Operands.toDouble(value);
        if (Double.isNaN(d)) return "expected a number, got " + quote(value);
        return Double.isInfinite(d) ? "expected a finite number, got " + value : null;
    }

    /** A value as it would appear in JSON: strings quoted, everything else as written. */
    public static String quote(Object value) {
        return FlagJson.write(value);
    }
}
