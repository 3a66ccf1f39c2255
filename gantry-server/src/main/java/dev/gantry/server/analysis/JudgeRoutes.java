package dev.gantry.server.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.analysis.OfflineJudge;
import dev.gantry.api.Json;
import dev.gantry.api.canary.KayentaResult;
import dev.gantry.api.canary.SequentialResult;
import dev.gantry.server.tokens.Role;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import dev.gantry.server.web.RequestText;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The offline canary judge, {@code POST /api/v1/canary/judge}: a Kayenta canary configuration with its series,
 * or sequential windows, judged on the spot ({@link OfflineJudge}); nothing is stored. Readers and writers may
 * call it (it only computes); agent, router and join credentials may not.
 */
public final class JudgeRoutes {
    /** Enough for 1,000 windows with 1,000-value latency samples on both arms at about 7 characters a value. */
    static final int MAX_BYTES = 16 << 20;

    public void register(ApiRoutes routes) {
        routes.post("/api/v1/canary/judge")
                .roles(Role.DEPLOYER, Role.VIEWER)
                .summary("Judge a canary offline: a Kayenta canary config with its series (score, result and each"
                        + " metric's classification), or sequential windows (a decision per window)")
                .request(new Content("application/json", Json.mapper().constructType(JsonNode.class), Map.of()))
                .returns(200, Content.json(KayentaResult.class))
                .returns(200, Content.json(SequentialResult.class))
                .errors(400, 413)
                .handle(this::judge);
    }

    private void judge(Context ctx) {
        JsonNode body = parse(RequestText.text(ctx, MAX_BYTES, "16 MiB"));
        ctx.json(OfflineJudge.judge(body));
    }

    private static JsonNode parse(String text) {
        if (text.isBlank()) throw new IllegalArgumentException("body: is required, a JSON object");
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body: invalid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
