package dev.gantry.flags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Strict JSON reading and writing of the flag model: unknown fields are rejected with a message
 * naming the field and where it was found. Use {@link #mapper()} wherever flags cross a wire.
 */
public final class FlagJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private FlagJson() {}

    /** The shared, strict mapper (thread-safe; do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a flag; bad JSON or an unknown field throws with a message naming the field. */
    public static Flag readFlag(String json) {
        return read(json, Flag.class);
    }

    public static Segment readSegment(String json) {
        return read(json, Segment.class);
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
    }

    /** A one-line message for a Jackson failure: the field path first, then what went wrong. */
    public static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String at = FieldPath.of(u.getPath().subList(0, u.getPath().size() - 1));
            return (at.isEmpty() ? "" : at + ": ") + "unknown field \"" + u.getPropertyName() + "\"";
        }
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m
                && !m.getPath().isEmpty()) {
            Throwable root = m.getCause() instanceof IllegalArgumentException iae ? iae : null;
            String what = root != null ? root.getMessage() : m.getOriginalMessage();
            return FieldPath.of(m.getPath()) + ": " + what;
        }
        var loc = e.getLocation();
        return "invalid JSON" + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
                + ": " + e.getOriginalMessage();
    }
}
