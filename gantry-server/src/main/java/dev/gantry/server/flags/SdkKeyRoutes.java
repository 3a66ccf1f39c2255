package dev.gantry.server.flags;

import dev.gantry.api.flags.SdkKeyCreated;
import dev.gantry.api.flags.SdkKeyRequest;
import dev.gantry.api.flags.SdkKeySummary;
import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import io.javalin.http.Context;

/** {@code /api/v1/sdk-keys}: create (the key is shown once), list (no secrets), delete (admin token). */
final class SdkKeyRoutes {
    private final SdkKeys keys;

    SdkKeyRoutes(SdkKeys keys) {
        this.keys = keys;
    }

    void register(ApiRoutes routes) {
        routes.post("/api/v1/sdk-keys")
                .summary("A new read-only SDK key for one environment; the key is shown once")
                .roles()
                .request(Content.json(SdkKeyRequest.class))
                .returns(201, Content.json(SdkKeyCreated.class))
                .errors(400, 403, 409, 413)
                .handle(this::create);
        routes.get("/api/v1/sdk-keys")
                .summary("Every SDK key, without secrets")
                .returns(200, Content.jsonList(SdkKeySummary.class))
                .errors(403)
                .handle(ctx -> ctx.json(keys.list().stream()
                        .map(k -> new SdkKeySummary(k.name(), k.env(), k.prefix(), k.createdAt(), k.createdBy()))
                        .toList()));
        routes.delete("/api/v1/sdk-keys/{name}")
                .summary("Revoke an SDK key")
                .roles()
                .returns(204, Content.NONE)
                .errors(403, 404)
                .handle(ctx -> {
                    keys.delete(ctx.pathParam("name"));
                    ctx.status(204);
                });
    }

    private void create(Context ctx) {
        SdkKeyRequest req = WriteBody.request(ctx, SdkKeyRequest.class);
        String env = FlagRequests.env(req.env());
        if (req.name() == null || req.name().isBlank())
            throw new IllegalArgumentException("name: is required (e.g. \"web\")");
        String key = keys.create(req.name(), env, Access.actor(ctx));
        ctx.status(201).json(new SdkKeyCreated(req.name(), env, key));
    }
}
