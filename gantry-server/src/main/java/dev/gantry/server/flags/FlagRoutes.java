package dev.gantry.server.flags;

import dev.gantry.api.flags.AuditEntry;
import dev.gantry.api.flags.FlagRolloutChange;
import dev.gantry.api.flags.FlagToggle;
import dev.gantry.flags.EnvConfig;
import dev.gantry.flags.Flag;
import dev.gantry.flags.FlagValidator;
import dev.gantry.flags.Rollout;
import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiException;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import io.javalin.http.Context;
import java.util.List;

/** {@code /api/v1/flags}: list, get, put, toggle, rollout, delete, history (admin token). */
final class FlagRoutes {
    private final FlagStore store;
    private final FlagWriter writer;

    FlagRoutes(FlagStore store, FlagWriter writer) {
        this.store = store;
        this.writer = writer;
    }

    void register(ApiRoutes routes) {
        Content flag = Content.json(Flag.class);
        routes.get("/api/v1/flags")
                .summary("Every flag, by key")
                .returns(200, Content.jsonList(Flag.class))
                .errors(403)
                .handle(ctx -> ctx.json(store.readFlags()));
        routes.get("/api/v1/flags/{key}")
                .summary("One flag")
                .returns(200, flag)
                .errors(400, 403, 404)
                .handle(ctx -> ctx.json(existing(key(ctx))));
        routes.put("/api/v1/flags/{key}")
                .summary("Create or replace a flag; the body also carries reason (required) and "
                        + "version (the version read: a stale one gets 409)")
                .request(flag)
                .returns(200, flag)
                .returns(201, flag)
                .errors(400, 403, 409, 413)
                .handle(this::put);
        routes.post("/api/v1/flags/{key}/toggle")
                .summary("Switch a flag on or off in one environment")
                .request(Content.json(FlagToggle.class))
                .returns(200, flag)
                .errors(400, 403, 404, 409, 413)
                .handle(this::toggle);
        routes.post("/api/v1/flags/{key}/rollout")
                .summary("Split an environment's fallthrough between variants")
                .request(Content.json(FlagRolloutChange.class))
                .returns(200, flag)
                .errors(400, 403, 404, 409, 413)
                .handle(this::rollout);
        routes.delete("/api/v1/flags/{key}")
                .summary("Delete a flag (its history stays)")
                .query("reason", "string", "why (required)")
                .query("version", "integer", "the version read; a stale one gets 409")
                .returns(204, Content.NONE)
                .errors(400, 403, 404, 409)
                .handle(this::delete);
        routes.get("/api/v1/flags/{key}/history")
                .summary("Who changed a flag, when and why, newest first")
                .query("limit", "integer", "entries, 1..1000 (default 100)")
                .returns(200, Content.jsonList(AuditEntry.class))
                .errors(400, 403, 404)
                .handle(ctx -> {
                    String key = key(ctx);
                    List<AuditEntry> history = store.history("flag", key, limit(ctx));
                    if (history.isEmpty() && store.readFlag(key) == null) throw ApiException.notFound("flag " + key);
                    ctx.json(history);
                });
    }

    private void put(Context ctx) {
        String key = key(ctx);
        if (key.equals("stream"))
            throw new IllegalArgumentException(
                    "key: \"stream\" is reserved (GET /api/v1/flags/stream is the change stream)");
        WriteBody.Parsed<Flag> body = WriteBody.parse(ctx, Flag.class);
        if (!key.equals(body.value().key())) {
            throw new IllegalArgumentException("key: the path names flag \"" + key + "\" but the body's key is \""
                    + body.value().key() + "\"");
        }
        Flag stored = writer.put(body.value(), body.edit());
        ctx.status(stored.version() == 1 ? 201 : 200).json(stored);
    }

    private void toggle(Context ctx) {
        String key = key(ctx);
        FlagToggle t = WriteBody.request(ctx, FlagToggle.class);
        Edit edit = new Edit(Access.actor(ctx), t.reason(), t.version());
        String env = FlagRequests.env(t.env());
        if (t.on() == null) throw new IllegalArgumentException("on: is required (true or false)");
        ctx.json(writer.change(
                key,
                t.on() ? "toggle on " + env : "toggle off " + env,
                flag -> {
                    EnvConfig c = flag.environments().get(env);
                    EnvConfig next = c == null
                            ? new EnvConfig(t.on(), null, List.of(), null)
                            : new EnvConfig(t.on(), c.defaultVariant(), c.rules(), c.rollout());
                    return flag.withEnvironment(env, next);
                },
                edit));
    }

    private void rollout(Context ctx) {
        String key = key(ctx);
        FlagRolloutChange r = WriteBody.request(ctx, FlagRolloutChange.class);
        Edit edit = new Edit(Access.actor(ctx), r.reason(), r.version());
        String env = FlagRequests.env(r.env());
        Rollout rollout = new Rollout(r.bucketBy(), FlagRequests.weights(r));
        ctx.json(writer.change(
                key,
                "rollout " + env,
                flag -> {
                    EnvConfig c = flag.environments().get(env);
                    EnvConfig next = c == null
                            ? new EnvConfig(true, null, List.of(), rollout)
                            : new EnvConfig(c.enabled(), c.defaultVariant(), c.rules(), rollout);
                    return flag.withEnvironment(env, next);
                },
                edit));
    }

    private void delete(Context ctx) {
        String key = key(ctx);
        String version = ctx.queryParam("version");
        Edit edit =
                new Edit(Access.actor(ctx), ctx.queryParam("reason"), version == null ? null : parseVersion(version));
        writer.delete(key, edit);
        ctx.status(204);
    }

    private Flag existing(String key) {
        Flag f = store.readFlag(key);
        if (f == null) throw ApiException.notFound("flag " + key);
        return f;
    }

    static String key(Context ctx) {
        String key = ctx.pathParam("key");
        String problem = FlagValidator.keyProblem("key", key);
        if (problem != null) throw new IllegalArgumentException(problem);
        return key;
    }

    static int limit(Context ctx) {
        String l = ctx.queryParam("limit");
        if (l == null) return 100;
        try {
            int n = Integer.parseInt(l);
            if (n < 1 || n > 1000) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit: must be 1..1000, got \"" + l + "\"");
        }
    }

    static long parseVersion(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("version: must be a whole number, got \"" + v + "\"");
        }
    }
}
