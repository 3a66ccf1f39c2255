package dev.gantry.server.flags;

import dev.gantry.server.web.Access;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/v1/sdk-keys}: create (the key is shown once), list (no secrets), delete (admin token). */
final class SdkKeyRoutes {
  private final SdkKeys keys;

  SdkKeyRoutes(SdkKeys keys) {
    this.keys = keys;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/sdk-keys", ctx -> {
      FlagRequests.NewSdkKey req = WriteBody.request(ctx, FlagRequests.NewSdkKey.class);
      String env = FlagRequests.env(req.env());
      if (req.name() == null || req.name().isBlank()) throw new IllegalArgumentException("name: is required (e.g. \"web\")");
      String key = keys.create(req.name(), env, Access.actor(ctx));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", req.name());
      body.put("env", env);
      body.put("key", key);
      ctx.status(201).json(body);
    });
    routes.get("/api/v1/sdk-keys", ctx -> ctx.json(keys.list().stream().map(k -> Map.of(
        "name", k.name(), "env", k.env(), "prefix", k.prefix(), "createdAt", k.createdAt(), "createdBy", k.createdBy())).toList()));
    routes.delete("/api/v1/sdk-keys/{name}", ctx -> {
      keys.delete(ctx.pathParam("name"));
      ctx.status(204);
    });
  }
}
