package dev.gantry.flags.internal;

import com.google.re2j.Pattern;
import dev.gantry.flags.Condition;
import dev.gantry.flags.EvaluationContext;
import java.util.Collection;

/**
 * A {@link Condition} with its operands prepared (regexes compiled, numbers and versions parsed).
 * It holds when the attribute satisfies the operator for any operand; a negated operator holds
 * when it matches none. A missing or null attribute never holds. A {@code matches} pattern is
 * searched for anywhere in the attribute, in linear time ({@link Regex}); one that cannot be
 * compiled (stored by an older server, which accepted java.util.regex syntax) matches nothing.
 */
public final class CompiledCondition {
    private final String attribute;
    private final Operator op;
    private final Operands operands;
    private final Pattern[] patterns;
    private final Semver[] versions;

    /** Compiles a condition the validator accepted; throws IllegalArgumentException otherwise. */
    public CompiledCondition(Condition condition) {
        this.attribute = condition.attribute().intern(); // found by identity in the context's table
        this.op = Operator.byName(condition.op());
        if (op == null) throw new IllegalArgumentException("unknown operator \"" + condition.op() + "\"");
        this.operands = Operands.of(condition.values());
        this.patterns = op == Operator.MATCHES ? patterns(operands.strings()) : null;
        this.versions = op.kind() == Operator.Kind.SEMVER ? versions(operands.strings()) : null;
    }

    public boolean matches(EvaluationContext ctx, Lookup lookup) {
        Object value = ctx.attribute(attribute);
        if (value == null) return false;
        return switch (op) {
            case EQUALS, IN -> operands.anyEquals(value);
            case NOT_EQUALS, NOT_IN -> !operands.anyEquals(value);
            case CONTAINS -> contains(value);
            case STARTS_WITH -> startsWith(text(value));
            case ENDS_WITH -> endsWith(text(value));
            case MATCHES -> regex(value);
            case LT, LTE, GT, GTE -> number(value);
            case SEMVER_EQ, SEMVER_LT, SEMVER_GT -> semver(value);
            case IN_SEGMENT -> segment(value, ctx, lookup);
            case NOT_IN_SEGMENT -> !segment(value, ctx, lookup);
        };
    }

    private static String text(Object value) {
        return value instanceof String s ? s : String.valueOf(value);
    }

    private boolean contains(Object value) {
        if (value instanceof Collection<?> items) {
            for (Object item : items) if (item != null && operands.anyEquals(item)) return true;
            return false;
        }
        String s = text(value);
        for (String operand : operands.strings()) if (s.contains(operand)) return true;
        return false;
    }

    private boolean startsWith(String s) {
        for (String operand : operands.strings()) if (s.startsWith(operand)) return true;
        return false;
    }

    private boolean endsWith(String s) {
        for (String operand : operands.strings()) if (s.endsWith(operand)) return true;
        return false;
    }

    private boolean regex(Object value) {
        String s = text(value);
        for (Pattern p : patterns) if (p != null && p.matcher(s).find()) return true;
        return false;
    }

    private boolean number(Object value) {
        double v = Operands.toDouble(value);
        if (Double.isNaN(v)) return false;
        for (double operand : operands.numbers()) {
            boolean hit = switch (op) {
                case LT -> v < operand;
                case LTE -> v <= operand;
                case GT -> v > operand;
                default -> v >= operand;
            };
            if (hit) return true;
        }
        return false;
    }

    private boolean semver(Object value) {
        Semver v = Semver.parse(text(value));
        if (v == null) return false;
        for (Semver operand : versions) {
            int c = v.compareTo(operand);
            boolean hit = op == Operator.SEMVER_EQ ? c == 0 : op == Operator.SEMVER_LT ? c < 0 : c > 0;
            if (hit) return true;
        }
        return false;
    }

    private boolean segment(Object value, EvaluationContext ctx, Lookup lookup) {
        String key = text(value);
        for (String segmentKey : operands.strings()) {
            CompiledSegment segment = lookup.segment(segmentKey);
            if (segment != null && segment.contains(key, ctx, lookup)) return true;
        }
        return false;
    }

    /** Null for a pattern that cannot be compiled: it matches nothing (FlagSet logs why). */
    private static Pattern[] patterns(String[] regexes) {
        Pattern[] compiled = new Pattern[regexes.length];
        for (int i = 0; i < regexes.length; i++) {
            try {
                compiled[i] = Regex.compile(regexes[i]);
            } catch (IllegalArgumentException e) {
                compiled[i] = null;
            }
        }
        return compiled;
    }

    private static Semver[] versions(String[] texts) {
        Semver[] parsed = new Semver[texts.length];
        for (int i = 0; i < texts.length; i++) {
            parsed[i] = Semver.parse(texts[i]);
            if (parsed[i] == null) throw new IllegalArgumentException("invalid semantic version \"" + texts[i] + "\"");
        }
        return parsed;
    }
}
