package dev.gantry.flags;

import java.util.Map;

/**
 * The outcome of one evaluation, with the why.
 *
 * @param value the flag's value, or the caller's default when no variant was served
 * @param variant the variant served, null when the caller's default was returned
 * @param reason STATIC, TARGETING_MATCH, SPLIT, DEFAULT, DISABLED, PREREQUISITE_FAILED or ERROR
 * @param errorCode FLAG_NOT_FOUND, TYPE_MISMATCH, PARSE_ERROR, GENERAL, or null without error
 * @param flagMetadata the flag's metadata (empty when the flag is unknown)
 */
public record Evaluation<T>(
        T value,
        String variant,
        String reason,
        String errorCode,
        String errorMessage,
        Map<String, Object> flagMetadata) {
    public static final String STATIC = "STATIC";
    public static final String TARGETING_MATCH = "TARGETING_MATCH";
    public static final String SPLIT = "SPLIT";
    public static final String DEFAULT = "DEFAULT";
    public static final String DISABLED = "DISABLED";
    public static final String PREREQUISITE_FAILED = "PREREQUISITE_FAILED";
    public static final String ERROR = "ERROR";

    public static final String FLAG_NOT_FOUND = "FLAG_NOT_FOUND";
    public static final String TYPE_MISMATCH = "TYPE_MISMATCH";
    public static final String PARSE_ERROR = "PARSE_ERROR";
    public static final String GENERAL = "GENERAL";

    public Evaluation {
        if (reason == null) throw new IllegalArgumentException("reason: must not be null");
        flagMetadata = flagMetadata == null ? Map.of() : flagMetadata;
    }

    static <T> Evaluation<T> error(T callerDefault, String errorCode, String message, Map<String, Object> metadata) {
        return new Evaluation<>(callerDefault, null, ERROR, errorCode, message, metadata);
    }

    public boolean isError() {
        return errorCode != null;
    }
}
