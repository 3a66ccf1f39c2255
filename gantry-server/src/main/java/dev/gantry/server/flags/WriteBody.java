package dev.gantry.server.flags;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.flags.FlagJson;
import dev.gantry.server.web.Access;
import io.javalin.http.Context;

/**
 * A write request's JSON body: the item itself plus {@code "reason"} (required) and, optionally,
 * the {@code "version"} the caller read (optimistic concurrency). Unknown and repeated fields are rejected.
 */
final class WriteBody {
    /** A field given twice (two "on" variants, two "on" values in a toggle) is refused, not silently last-wins. */
    private static final ObjectReader STRICT =
            FlagJson.mapper().reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private WriteBody() {}

    /** Parses {@code type} from the body after taking out {@code reason}; {@code version} stays in the item. */
    static <T> Parsed<T> parse(Context ctx, Class<T> type) {
        ObjectNode node = object(FlagRequestText.text(ctx));
        JsonNode reason = node.remove("reason");
        if (reason != null && !reason.isNull() && !reason.isTextual()) {
            throw new IllegalArgumentException("reason: expected a string, got " + reason);
        }
        Edit edit = new Edit(
                Access.actor(ctx),
                reason == null || reason.isNull() ? null : reason.asText(),
                node.hasNonNull("version") ? node.get("version").asLong() : null);
        try {
            return new Parsed<>(FlagJson.mapper().treeToValue(node, type), edit);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(FlagJson.describe(e), e);
        }
    }

    /** Parses a small request record (toggle, rollout, ...) strictly. */
    static <T> T request(Context ctx, Class<T> type) {
        String body = FlagRequestText.text(ctx);
        if (body.isBlank()) throw new IllegalArgumentException("body: expected a JSON object");
        try {
            return STRICT.forType(type).readValue(body);
        } catch (JsonProcessingException e) {
            throw invalid(e);
        }
    }

    static ObjectNode object(String body) {
        if (body == null || body.isBlank()) throw new IllegalArgumentException("body: expected a JSON object");
        try {
            JsonNode node = STRICT.readTree(body);
            if (!(node instanceof ObjectNode o)) throw new IllegalArgumentException("body: expected a JSON object");
            return o;
        } catch (JsonProcessingException e) {
            throw invalid(e);
        }
    }

    /** Jackson's message, or for a repeated field its path, e.g. {@code variants.on: is given twice}. */
    private static IllegalArgumentException invalid(JsonProcessingException e) {
        if (e instanceof StreamReadException r
                && r.getProcessor() instanceof JsonParser p
                && r.getOriginalMessage().startsWith("Duplicate field")) {
            return new IllegalArgumentException(path(p.getParsingContext()) + ": is given twice", e);
        }
        return new IllegalArgumentException(FlagJson.describe(e), e);
    }

    private static String path(JsonStreamContext at) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = at; c != null && !c.inRoot(); c = c.getParent()) {
            path.insert(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
        }
        return path.isEmpty() || path.charAt(0) != '.' ? path.toString() : path.substring(1);
    }

    record Parsed<T>(T value, Edit edit) {}
}
