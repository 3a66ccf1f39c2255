package dev.gantry.flags.internal;

/**
 * A precomputed evaluation result: compiled flags hold one per variant and reason, so resolving a
 * flag returns an existing object instead of allocating. A null {@code value} means "serve the
 * caller's default".
 */
public record Outcome(Object value, String variant, String reason, String errorCode, String errorMessage) {
    public static final Outcome DISABLED = callerDefault("DISABLED", null, null);
    public static final Outcome PREREQUISITE_FAILED = callerDefault("PREREQUISITE_FAILED", null, null);
    public static final Outcome NO_DEFAULT_VARIANT = callerDefault("DEFAULT", null, null);
    public static final Outcome DEPTH_EXCEEDED = callerDefault(
            "ERROR", "GENERAL", "prerequisites nested deeper than " + CompiledFlag.MAX_DEPTH + " levels (a cycle?)");

    public static Outcome served(Object value, String variant, String reason) {
        return new Outcome(value, variant, reason, null, null);
    }

    public static Outcome callerDefault(String reason, String errorCode, String errorMessage) {
        return new Outcome(null, null, reason, errorCode, errorMessage);
    }

    public boolean usesCallerDefault() {
        return value == null;
    }
}
