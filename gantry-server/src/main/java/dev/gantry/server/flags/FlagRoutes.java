package dev.gantry.server.flags;

import dev.gantry.flags.EnvConfig;
import dev.gantry.flags.Flag;
import dev.gantry.flags.FlagValidator;
import dev.gantry.flags.Rollout;
import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiException;
import io.javalin.config.RoutesConfig;
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

  void register(RoutesConfig routes) {
    routes.get("/api/v1/flags", ctx -> ctx.json(store.readFlags()));
    routes.get("/api/v1/flags/{key}", ctx -> ctx.json(existing(key(ctx))));
    routes.put("/api/v1/flags/{key}", this::put);
    routes.post("/api/v1/flags/{key}/toggle", this::toggle);
    routes.post("/api/v1/flags/{key}/rollout", this::rollout);
    routes.delete("/api/v1/flags/{key}", this::delete);
    routes.get("/api/v1/flags/{key}/history", ctx -> {
      String key = key(ctx);
      List<AuditEntry> history = store.history("flag", key, limit(ctx));
      if (history.isEmpty() && store.readFlag(key) == null) throw ApiException.notFound("flag " + key);
      ctx.json(history);
    });
  }

  private void put(Context ctx) {
    String key = key(ctx);
    if (key.equals("stream")) throw new IllegalArgumentException("key: \"stream\" is reserved (GET /api/v1/flags/stream is the change stream)");
    WriteBody.Parsed<Flag> body = WriteBody.parse(ctx, Flag.class);
    if (!key.equals(body.value().key())) {
      throw new IllegalArgumentException("key: the path names flag \"" + key + "\" but the body's key is \"" + body.value().key() + "\"");
    }
    Flag stored = writer.put(body.value(), body.edit());
    ctx.status(stored.version() == 1 ? 201 : 200).json(stored);
  }

  private void toggle(Context ctx) {
    String key = key(ctx);
    FlagRequests.Toggle t = WriteBody.request(ctx, FlagRequests.Toggle.class);
    Edit edit = new Edit(Access.actor(ctx), t.reason(), t.version());
    String env = FlagRequests.env(t.env());
    if (t.on() == null) throw new IllegalArgumentException("on: is required (true or false)");
    ctx.json(writer.change(key, t.on() ? "toggle on " + env : "toggle off " + env, flag -> {
      EnvConfig c = flag.environments().get(env);
      EnvConfig next = c == null ? new EnvConfig(t.on(), null, List.of(), null)
          : new EnvConfig(t.on(), c.defaultVariant(), c.rules(), c.rollout());
      return flag.withEnvironment(env, next);
    }, edit));
  }

  private void rollout(Context ctx) {
    String key = key(ctx);
    FlagRequests.RolloutChange r = WriteBody.request(ctx, FlagRequests.RolloutChange.class);
    Edit edit = new Edit(Access.actor(ctx), r.reason(), r.version());
    String env = FlagRequests.env(r.env());
    Rollout rollout = new Rollout(r.bucketBy(), r.toWeights());
    ctx.json(writer.change(key, "rollout " + env, flag -> {
      EnvConfig c = flag.environments().get(env);
      EnvConfig next = c == null ? new EnvConfig(true, null, List.of(), rollout)
          : new EnvConfig(c.enabled(), c.defaultVariant(), c.rules(), rollout);
      return flag.withEnvironment(env, next);
    }, edit));
  }

  private void delete(Context ctx) {
    String key = key(ctx);
    String version = ctx.queryParam("version");
    Edit edit = new Edit(Access.actor(ctx), ctx.queryParam("reason"), version == null ? null : parseVersion(version));
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
