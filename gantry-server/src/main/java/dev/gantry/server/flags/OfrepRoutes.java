package dev.gantry.server.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.flags.Evaluation;
import dev.gantry.flags.EvaluationContext;
import dev.gantry.flags.Flag;
import dev.gantry.flags.FlagEvaluator;
import dev.gantry.flags.FlagJson;
import dev.gantry.flags.FlagSet;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenFeature Remote Evaluation Protocol for clients that do not evaluate locally:
 * {@code POST /ofrep/v1/evaluate/flags/{key}}, bulk {@code POST /ofrep/v1/evaluate/flags} and
 * {@code GET /ofrep/v1/configuration}. Evaluates against this control plane's live copy of the
 * flags (the same one the stream serves), in the SDK key's environment.
 */
final class OfrepRoutes {
  private final StreamBroker broker;

  OfrepRoutes(StreamBroker broker) {
    this.broker = broker;
  }

  void register(RoutesConfig routes) {
    routes.post("/ofrep/v1/evaluate/flags/{key}", this::single);
    routes.post("/ofrep/v1/evaluate/flags", this::bulk);
    routes.get("/ofrep/v1/configuration", ctx -> ctx.json(Map.of("name", "gantry", "capabilities", Map.of(
        "cacheInvalidation", Map.of("polling", Map.of("enabled", true, "minPollingIntervalMs", 1000)),
        "flagEvaluation", Map.of("supportedTypes", List.of("boolean", "string", "int", "float", "object"))))));
  }

  private void single(Context ctx) {
    String key = ctx.pathParam("key");
    FlagEvaluator evaluator = new FlagEvaluator(Environments.of(ctx));
    EvaluationContext ec;
    try {
      ec = context(RequestBody.text(ctx));
    } catch (OfrepError e) {
      ctx.status(400).json(failure(key, e.code, e.getMessage()));
      return;
    }
    FlagSet set = broker.current();
    Flag flag = set.flag(key);
    if (flag == null) {
      ctx.status(404).json(failure(key, Evaluation.FLAG_NOT_FOUND, "flag \"" + key + "\" not found"));
      return;
    }
    Map<String, Object> result = evaluate(evaluator, set, flag, ec);
    ctx.status(result.containsKey("errorCode") ? 400 : 200).json(result);
  }

  private void bulk(Context ctx) {
    FlagEvaluator evaluator = new FlagEvaluator(Environments.of(ctx));
    String body = RequestBody.text(ctx);
    EvaluationContext ec;
    try {
      ec = context(body);
    } catch (OfrepError e) {
      ctx.status(400).json(Map.of("errorCode", e.code, "errorDetails", e.getMessage()));
      return;
    }
    FlagSet set = broker.current();
    String etag = "\"" + set.version() + "-" + evaluator.environment() + "-" + Integer.toHexString(body.hashCode()) + "\"";
    if (etag.equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    List<Map<String, Object>> flags = new ArrayList<>();
    for (Flag f : set.flags().values()) flags.add(evaluate(evaluator, set, f, ec));
    ctx.header("ETag", etag).json(Map.of("flags", flags));
  }

  private static Map<String, Object> evaluate(FlagEvaluator evaluator, FlagSet set, Flag flag, EvaluationContext ec) {
    Evaluation<?> e = evaluator.evaluate(set, flag.key(), javaType(flag.type()), null, ec);
    if (e.isError()) return failure(flag.key(), e.errorCode(), e.errorMessage());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", flag.key());
    if (e.variant() != null) out.put("value", e.value());
    out.put("reason", e.reason());
    if (e.variant() != null) out.put("variant", e.variant());
    out.put("metadata", e.flagMetadata());
    return out;
  }

  private static Map<String, Object> failure(String key, String code, String details) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", key);
    out.put("errorCode", code);
    out.put("errorDetails", details);
    return out;
  }

  private static Class<?> javaType(String flagType) {
    return switch (flagType) {
      case Flag.BOOLEAN -> Boolean.class;
      case Flag.STRING -> String.class;
      case Flag.NUMBER -> Number.class;
      default -> Object.class;
    };
  }

  /** {@code {"context": {"targetingKey": "...", ...}}}; an empty body is an empty context. */
  static EvaluationContext context(String body) {
    if (body == null || body.isBlank()) return EvaluationContext.empty();
    JsonNode root;
    try {
      root = FlagJson.mapper().readTree(body);
    } catch (java.io.IOException e) {
      throw new OfrepError("PARSE_ERROR", "body: not valid JSON: " + e.getMessage());
    }
    if (!(root instanceof ObjectNode)) throw new OfrepError("PARSE_ERROR", "body: expected a JSON object");
    JsonNode ctx = root.get("context");
    if (ctx == null || ctx.isNull()) return EvaluationContext.empty();
    if (!ctx.isObject()) throw new OfrepError("INVALID_CONTEXT", "context: expected a JSON object");
    JsonNode tk = ctx.get(EvaluationContext.TARGETING_KEY);
    if (tk != null && !tk.isNull() && !tk.isTextual()) {
      throw new OfrepError("INVALID_CONTEXT", "context.targetingKey: expected a string, got " + tk);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> attrs = FlagJson.mapper().convertValue(ctx, LinkedHashMap.class);
    attrs.remove(EvaluationContext.TARGETING_KEY);
    return new EvaluationContext(tk == null || tk.isNull() ? null : tk.asText(), attrs);
  }

  /** An OFREP request error with its error code. */
  static final class OfrepError extends RuntimeException {
    final String code;

    OfrepError(String code, String message) {
      super(message);
      this.code = code;
    }
  }
}
