package dev.gantry.flags;

import dev.gantry.flags.internal.CompiledFlag;
import dev.gantry.flags.internal.Outcome;
import java.util.List;
import java.util.Map;

/**
 * Evaluates flags of a {@link FlagSet} in one environment, locally. Never throws: problems come
 * back as reason ERROR with an error code, and the caller's default as value.
 */
public final class FlagEvaluator {
    private final String environment;

    public FlagEvaluator(String environment) {
        if (environment == null || environment.isBlank())
            throw new IllegalArgumentException("environment: must not be blank");
        this.environment = environment;
    }

    public String environment() {
        return environment;
    }

    /**
     * Evaluates {@code key} as {@code type}: Boolean for boolean flags, String for string flags,
     * Double/Integer/Long/Number for number flags (Integer and Long only for whole values), and
     * Object/Map/List for json flags.
     */
    public <T> Evaluation<T> evaluate(FlagSet set, String key, Class<T> type, T callerDefault, EvaluationContext ctx) {
        try {
            CompiledFlag compiled = set == null ? null : set.compiledFlag(key);
            if (compiled == null) {
                return Evaluation.error(
                        callerDefault, Evaluation.FLAG_NOT_FOUND, "flag \"" + key + "\" not found", Map.of());
            }
            Flag flag = compiled.flag();
            if (!flag.type().equals(flagTypeFor(type))) {
                return Evaluation.error(
                        callerDefault,
                        Evaluation.TYPE_MISMATCH,
                        "flag \"" + key + "\" is a " + flag.type() + " flag, asked for " + type.getSimpleName(),
                        flag.metadata());
            }
            Outcome o = compiled.resolve(environment, ctx == null ? EvaluationContext.empty() : ctx, set.lookup(), 0);
            if (o.usesCallerDefault()) {
                return new Evaluation<>(
                        callerDefault, null, o.reason(), o.errorCode(), o.errorMessage(), flag.metadata());
            }
            T value = convert(o.value(), type);
            if (value == null) {
                return Evaluation.error(
                        callerDefault,
                        Evaluation.TYPE_MISMATCH,
                        "variant \"" + o.variant() + "\" of flag \"" + key + "\" is not a " + type.getSimpleName(),
                        flag.metadata());
            }
            return new Evaluation<>(value, o.variant(), o.reason(), null, null, flag.metadata());
        } catch (RuntimeException e) {
            return Evaluation.error(callerDefault, Evaluation.GENERAL, String.valueOf(e), Map.of());
        }
    }

    /** The boolean value of {@code key}; allocates nothing. Any problem gives {@code callerDefault}. */
    public boolean booleanValue(FlagSet set, String key, EvaluationContext ctx, boolean callerDefault) {
        return rawValue(set, key, ctx) instanceof Boolean b ? b : callerDefault;
    }

    /** The string value of {@code key}; allocates nothing. Any problem gives {@code callerDefault}. */
    public String stringValue(FlagSet set, String key, EvaluationContext ctx, String callerDefault) {
        return rawValue(set, key, ctx) instanceof String s ? s : callerDefault;
    }

    /** The number value of {@code key}. Any problem gives {@code callerDefault}. */
    public double numberValue(FlagSet set, String key, EvaluationContext ctx, double callerDefault) {
        return rawValue(set, key, ctx) instanceof Number n ? n.doubleValue() : callerDefault;
    }

    /** The served value, or null when the flag is missing, serves the caller's default, or fails. */
    private Object rawValue(FlagSet set, String key, EvaluationContext ctx) {
        try {
            CompiledFlag compiled = set.compiledFlag(key);
            return compiled == null
                    ? null
                    : compiled.resolve(environment, ctx, set.lookup(), 0).value();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String flagTypeFor(Class<?> type) {
        if (type == Boolean.class) return Flag.BOOLEAN;
        if (type == String.class) return Flag.STRING;
        if (type == Double.class
                || type == Integer.class
                || type == Long.class
                || type == Float.class
                || type == Number.class) {
            return Flag.NUMBER;
        }
        if (type == Object.class || type == Map.class || type == List.class) return Flag.JSON;
        return null;
    }

    @SuppressWarnings("unchecked")
    private static <T> T convert(Object value, Class<T> type) {
        if (type == Integer.class || type == Long.class) {
            if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) return null;
            if (type == Long.class) return (T) Long.valueOf(n.longValue());
            if (n.longValue() != n.intValue()) return null;
            return (T) Integer.valueOf(n.intValue());
        }
        if (type == Double.class) return value instanceof Number n ? (T) Double.valueOf(n.doubleValue()) : null;
        if (type == Float.class) return value instanceof Number n ? (T) Float.valueOf(n.floatValue()) : null;
        return type.isInstance(value) ? type.cast(value) : null;
    }
}
