package dev.gantry.server.flags;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The answers of the OpenFeature Remote Evaluation Protocol (OFREP), as the protocol spells them. */
final class OfrepMessages {
    private OfrepMessages() {}

    /**
     * One flag's evaluation: {@code value}, {@code reason}, {@code variant} and {@code metadata}, or on
     * failure {@code errorCode} and {@code errorDetails} ({@code key} is left out of a bulk request's failure).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Evaluation(
            String key,
            Object value,
            String reason,
            String variant,
            Map<String, Object> metadata,
            String errorCode,
            String errorDetails) {
        static Evaluation failure(String key, String code, String details) {
            return new Evaluation(key, null, null, null, null, code, details);
        }
    }

    /** {@code POST /ofrep/v1/evaluate/flags}. */
    record Bulk(List<Evaluation> flags) {}

    /** {@code GET /ofrep/v1/configuration}. */
    record Configuration(String name, Capabilities capabilities) {
        static final Configuration GANTRY = new Configuration(
                "gantry",
                new Capabilities(
                        new CacheInvalidation(new Polling(true, 1000)),
                        new FlagEvaluation(List.of("boolean", "string", "int", "float", "object"))));
    }

    record Capabilities(CacheInvalidation cacheInvalidation, FlagEvaluation flagEvaluation) {}

    record CacheInvalidation(Polling polling) {}

    record Polling(boolean enabled, int minPollingIntervalMs) {}

    record FlagEvaluation(List<String> supportedTypes) {}
}
