package dev.gantry.server.flags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.flags.FlagJson;
import dev.gantry.server.web.Access;
import io.javalin.http.Context;

/**
 * A write request's JSON body: the item itself plus {@code "reason"} (required) and, optionally,
 * the {@code "version"} the caller read (optimistic concurrency). Unknown fields are rejected.
 */
final class WriteBody {
  private WriteBody() {
  }

  /** Parses {@code type} from the body after taking out {@code reason}; {@code version} stays in the item. */
  static <T> Parsed<T> parse(Context ctx, Class<T> type) {
    ObjectNode node = object(ctx.body());
    JsonNode reason = node.remove("reason");
    Edit edit = new Edit(Access.actor(ctx), reason == null || reason.isNull() ? null : reason.asText(),
        node.hasNonNull("version") ? node.get("version").asLong() : null);
    try {
      return new Parsed<>(FlagJson.mapper().treeToValue(node, type), edit);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(FlagJson.describe(e), e);
    }
  }

  /** Parses a small request record (toggle, rollout, ...) strictly. */
  static <T> T request(Context ctx, Class<T> type) {
    String body = ctx.body();
    if (body.isBlank()) throw new IllegalArgumentException("body: expected a JSON object");
    return FlagJson.read(body, type);
  }

  static ObjectNode object(String body) {
    if (body == null || body.isBlank()) throw new IllegalArgumentException("body: expected a JSON object");
    try {
      JsonNode node = FlagJson.mapper().readTree(body);
      if (!(node instanceof ObjectNode o)) throw new IllegalArgumentException("body: expected a JSON object");
      return o;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(FlagJson.describe(e), e);
    }
  }

  record Parsed<T>(T value, Edit edit) {
  }
}
