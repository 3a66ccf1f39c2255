package dev.gantry.server.flags;

import dev.gantry.flags.Segment;
import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/** {@code /api/v1/segments}: reusable groups of contexts that flag rules name (admin token). */
final class SegmentRoutes {
  private final FlagStore store;
  private final FlagWriter writer;

  SegmentRoutes(FlagStore store, FlagWriter writer) {
    this.store = store;
    this.writer = writer;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/segments", ctx -> ctx.json(store.readSegments()));
    routes.get("/api/v1/segments/{key}", ctx -> {
      Segment s = store.readSegment(FlagRoutes.key(ctx));
      if (s == null) throw ApiException.notFound("segment " + ctx.pathParam("key"));
      ctx.json(s);
    });
    routes.put("/api/v1/segments/{key}", this::put);
    routes.delete("/api/v1/segments/{key}", this::delete);
    routes.get("/api/v1/segments/{key}/history", ctx -> {
      List<AuditEntry> history = store.history("segment", FlagRoutes.key(ctx), FlagRoutes.limit(ctx));
      if (history.isEmpty()) throw ApiException.notFound("segment " + ctx.pathParam("key"));
      ctx.json(history);
    });
  }

  private void put(Context ctx) {
    String key = FlagRoutes.key(ctx);
    WriteBody.Parsed<Segment> body = WriteBody.parse(ctx, Segment.class);
    if (!key.equals(body.value().key())) {
      throw new IllegalArgumentException("key: the path names segment \"" + key + "\" but the body's key is \"" + body.value().key() + "\"");
    }
    Segment stored = writer.putSegment(body.value(), body.edit());
    ctx.status(stored.version() == 1 ? 201 : 200).json(stored);
  }

  private void delete(Context ctx) {
    String version = ctx.queryParam("version");
    Edit edit = new Edit(Access.actor(ctx), ctx.queryParam("reason"), version == null ? null : FlagRoutes.parseVersion(version));
    writer.deleteSegment(FlagRoutes.key(ctx), edit);
    ctx.status(204);
  }
}
