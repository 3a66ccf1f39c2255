package dev.gantry.server.flags;

import dev.gantry.api.flags.AuditEntry;
import dev.gantry.flags.Segment;
import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiException;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
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

    void register(ApiRoutes routes) {
        Content segment = Content.json(Segment.class);
        routes.get("/api/v1/segments")
                .summary("Every segment, by key")
                .returns(200, Content.jsonList(Segment.class))
                .errors(403)
                .handle(ctx -> ctx.json(store.readSegments()));
        routes.get("/api/v1/segments/{key}")
                .summary("One segment")
                .returns(200, segment)
                .errors(400, 403, 404)
                .handle(ctx -> {
                    Segment s = store.readSegment(FlagRoutes.key(ctx));
                    if (s == null) throw ApiException.notFound("segment " + ctx.pathParam("key"));
                    ctx.json(s);
                });
        routes.put("/api/v1/segments/{key}")
                .summary("Create or replace a segment; the body also carries reason (required) "
                        + "and version (the version read)")
                .request(segment)
                .returns(200, segment)
                .returns(201, segment)
                .errors(400, 403, 409, 413)
                .handle(this::put);
        routes.delete("/api/v1/segments/{key}")
                .summary("Delete a segment no flag uses")
                .query("reason", "string", "why (required)")
                .query("version", "integer", "the version read; a stale one gets 409")
                .returns(204, Content.NONE)
                .errors(400, 403, 404, 409)
                .handle(this::delete);
        routes.get("/api/v1/segments/{key}/history")
                .summary("Who changed a segment, when and why, newest first")
                .query("limit", "integer", "entries, 1..1000 (default 100)")
                .returns(200, Content.jsonList(AuditEntry.class))
                .errors(400, 403, 404)
                .handle(ctx -> {
                    List<AuditEntry> history = store.history("segment", FlagRoutes.key(ctx), FlagRoutes.limit(ctx));
                    if (history.isEmpty()) throw ApiException.notFound("segment " + ctx.pathParam("key"));
                    ctx.json(history);
                });
    }

    private void put(Context ctx) {
        String key = FlagRoutes.key(ctx);
        WriteBody.Parsed<Segment> body = WriteBody.parse(ctx, Segment.class);
        if (!key.equals(body.value().key())) {
            throw new IllegalArgumentException("key: the path names segment \"" + key + "\" but the body's key is \""
                    + body.value().key() + "\"");
        }
        Segment stored = writer.putSegment(body.value(), body.edit());
        ctx.status(stored.version() == 1 ? 201 : 200).json(stored);
    }

    private void delete(Context ctx) {
        String version = ctx.queryParam("version");
        Edit edit = new Edit(
                Access.actor(ctx), ctx.queryParam("reason"), version == null ? null : FlagRoutes.parseVersion(version));
        writer.deleteSegment(FlagRoutes.key(ctx), edit);
        ctx.status(204);
    }
}
