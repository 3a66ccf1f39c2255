package dev.gantry.server.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.flags.Evaluation;
import dev.gantry.flags.EvaluationContext;
import dev.gantry.flags.Flag;
import dev.gantry.flags.FlagEvaluator;
import dev.gantry.flags.FlagJson;
import dev.gantry.flags.FlagSet;
import dev.gantry.server.tokens.Role;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
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

    void register(ApiRoutes routes) {
        Content context = Content.json(JsonNode.class);
        Content evaluation = Content.json(OfrepMessages.Evaluation.class);
        routes.post("/ofrep/v1/evaluate/flags/{key}")
                .roles(Role.DEPLOYER, Role.VIEWER)
                .sdkKey()
                .summary(
                        "OFREP: evaluate one flag for {\"context\": {...}}; errors are OFREP evaluations with errorCode")
                .query("env", "string", "the environment (an SDK key's own; the admin token: default production)")
                .request(context)
                .returns(200, evaluation)
                .returns(400, evaluation)
                .returns(404, evaluation)
                .errors(400, 403, 413)
                .handle(this::single);
        routes.post("/ofrep/v1/evaluate/flags")
                .roles(Role.DEPLOYER, Role.VIEWER)
                .sdkKey()
                .summary("OFREP: evaluate every flag (ETag, 304 when unchanged)")
                .query("env", "string", "the environment (an SDK key's own; the admin token: default production)")
                .request(context)
                .returns(200, Content.json(OfrepMessages.Bulk.class))
                .returns(304, Content.NONE)
                .returns(400, evaluation)
                .errors(400, 403, 413)
                .handle(this::bulk);
        routes.get("/ofrep/v1/configuration")
                .roles(Role.DEPLOYER, Role.VIEWER)
                .sdkKey()
                .summary("OFREP: what this provider supports")
                .returns(200, Content.json(OfrepMessages.Configuration.class))
                .handle(ctx -> ctx.json(OfrepMessages.Configuration.GANTRY));
    }

    private void single(Context ctx) {
        String key = ctx.pathParam("key");
        FlagEvaluator evaluator = new FlagEvaluator(Environments.of(ctx));
        EvaluationContext ec;
        try {
            ec = context(FlagRequestText.text(ctx));
        } catch (OfrepError e) {
            ctx.status(400).json(OfrepMessages.Evaluation.failure(key, e.code, e.getMessage()));
            return;
        }
        FlagSet set = broker.current();
        Flag flag = set.flag(key);
        if (flag == null) {
            ctx.status(404)
                    .json(OfrepMessages.Evaluation.failure(
                            key, Evaluation.FLAG_NOT_FOUND, "flag \"" + key + "\" not found"));
            return;
        }
        OfrepMessages.Evaluation result = evaluate(evaluator, set, flag, ec);
        ctx.status(result.errorCode() != null ? 400 : 200).json(result);
    }

    private void bulk(Context ctx) {
        FlagEvaluator evaluator = new FlagEvaluator(Environments.of(ctx));
        String body = FlagRequestText.text(ctx);
        EvaluationContext ec;
        try {
            ec = context(body);
        } catch (OfrepError e) {
            ctx.status(400).json(OfrepMessages.Evaluation.failure(null, e.code, e.getMessage()));
            return;
        }
        FlagSet set = broker.current();
        String etag = "\"" + set.version() + "-" + evaluator.environment() + "-" + Integer.toHexString(body.hashCode())
                + "\"";
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        List<OfrepMessages.Evaluation> flags = new ArrayList<>();
        for (Flag f : set.flags().values()) flags.add(evaluate(evaluator, set, f, ec));
        ctx.header("ETag", etag).json(new OfrepMessages.Bulk(flags));
    }

    private static OfrepMessages.Evaluation evaluate(
            FlagEvaluator evaluator, FlagSet set, Flag flag, EvaluationContext ec) {
        Evaluation<?> e = evaluator.evaluate(set, flag.key(), javaType(flag.type()), null, ec);
        if (e.isError()) return OfrepMessages.Evaluation.failure(flag.key(), e.errorCode(), e.errorMessage());
        return new OfrepMessages.Evaluation(
                flag.key(),
                e.variant() == null ? null : e.value(),
                e.reason(),
                e.variant(),
                e.flagMetadata(),
                null,
                null);
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
