package dev.gantry.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The one JSON configuration of the control-plane API, shared by the server, the CLI, the agent,
 * the router and the tests.
 *
 * <p>The rule: a reader ignores fields it does not know (agents, routers and CLIs of neighbouring
 * versions talk to one control plane during an upgrade), and is strict about everything else: a key
 * given twice, anything after the value, {@code null} for a number or boolean, a number for an enum,
 * and a string for a number (or a number for a string, or a fraction for a whole number) are
 * refused. A number or boolean field left out is read as 0 or false, so that a newer record can be
 * read from an older sender. Times are JSR-310 values; durations are written as ISO-8601 text ({@code PT30S}).
 * {@link #strict()} is the same mapper refusing unknown fields too: the contract tests read every
 * answer with it to prove the server sends nothing outside the records.
 */
public final class Json {
    private static final ObjectMapper MAPPER = configured(false);
    private static final ObjectMapper STRICT = configured(true);

    private Json() {}

    /** The shared mapper (thread-safe; do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@link #mapper()} refusing unknown fields as well; for contract tests. */
    public static ObjectMapper strict() {
        return STRICT;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads {@code type}; bad JSON is an IllegalArgumentException naming the type and what was wrong. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "invalid " + type.getSimpleName() + " JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectMapper configured(boolean refuseUnknownFields) {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(primitives())
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, refuseUnknownFields)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Jackson's FAIL_ON_NULL_FOR_PRIMITIVES also refuses a primitive that is left out of a record,
     * which would break reading across versions; these refuse only an explicit null.
     */
    private static SimpleModule primitives() {
        SimpleModule module = new SimpleModule("gantry-primitives");
        module.addDeserializer(int.class, new Primitive<>(int.class, 0));
        module.addDeserializer(long.class, new Primitive<>(long.class, 0L));
        module.addDeserializer(double.class, new Primitive<>(double.class, 0.0));
        module.addDeserializer(float.class, new Primitive<>(float.class, 0f));
        module.addDeserializer(boolean.class, new Primitive<>(boolean.class, false));
        return module;
    }

    /** Jackson's own deserializer of a primitive, refusing null but reading an absent field as {@code absent}. */
    private static final class Primitive<T> extends StdDeserializer<T> {
        private final JsonDeserializer<T> standard;
        private final T absent;

        @SuppressWarnings("unchecked")
        Primitive(Class<T> type, T absent) {
            super(type);
            this.standard = (JsonDeserializer<T>) NumberDeserializers.find(type, type.getName());
            this.absent = absent;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return standard.deserialize(p, ctxt);
        }

        @Override
        public T getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            return ctxt.reportInputMismatch(
                    this,
                    "null is not a %s (leave the field out for %s)",
                    handledType().getName(),
                    absent);
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return absent;
        }
    }
}
