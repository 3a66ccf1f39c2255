package dev.gantry.server.flags;

import dev.gantry.flags.internal.StreamMessages;
import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/v1/flags/stream?env=}: the SSE stream of flag changes (SDK key or admin token).
 * A client that sends {@value #STORE_ID_HEADER} (the id of the store its flags came from, or
 * {@code none}) gets snapshots that carry the store id, and a snapshot instead of the changes after
 * its {@code Last-Event-ID} when it names another store (see {@link StoreId}).
 * The request is held open asynchronously (no thread per stream): Javalin waits on a future that
 * completes when the stream ends, and the broker writes frames through {@link StreamClient}. Javalin
 * starts the asynchronous request before it asks for the future, so that is where the response
 * switches to non-blocking writes and the stream is registered.
 * Unlike Javalin's own SSE handler this does not insist on {@code Accept: text/event-stream}.
 */
final class StreamRoutes {
    static final String STORE_ID_HEADER = "X-Gantry-Store-Id";
    private final StreamBroker broker;
    private final int maxQueued;
    private final Access access;
    private final AtomicLong ids = new AtomicLong();

    StreamRoutes(StreamBroker broker, int maxQueued, Access access) {
        this.broker = broker;
        this.maxQueued = maxQueued;
        this.access = access;
    }

    void register(ApiRoutes routes) {
        routes.get(FlagsFeature.STREAM_PATH)
                .sdkKey()
                .summary(
                        "The flag change stream (server-sent events): a snapshot, then every change; Last-Event-ID resumes")
                .query("env", "string", "the environment (an SDK key's own; the admin token: default production)")
                .returns(
                        200,
                        Content.events(Map.of(
                                "snapshot",
                                StreamMessages.Snapshot.class,
                                "flag",
                                StreamMessages.FlagChanged.class,
                                "flag-deleted",
                                StreamMessages.Deleted.class,
                                "segment",
                                StreamMessages.SegmentChanged.class,
                                "segment-deleted",
                                StreamMessages.Deleted.class)))
                .errors(400, 403)
                .handle(this::stream);
    }

    private void stream(Context ctx) throws IOException {
        String env = Environments.of(ctx);
        Long lastEventId = lastEventId(ctx.header("Last-Event-ID"));
        ctx.status(200);
        ctx.res().setCharacterEncoding("UTF-8");
        ctx.res().setContentType("text/event-stream");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        ctx.res().flushBuffer();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamClient client = new StreamClient(
                "s" + ids.incrementAndGet(),
                env,
                storeId(ctx.header(STORE_ID_HEADER)),
                ctx.res().getOutputStream(),
                done,
                maxQueued);
        client.onClose(access.closeOnRevoke(ctx, client::close));
        ctx.future(() -> {
            client.start();
            broker.open(client, lastEventId);
            return done;
        });
    }

    /** The header as sent, stripped; blank counts as "none" (the client knows store ids but has none). */
    static String storeId(String header) {
        if (header == null) return null;
        return header.isBlank() ? "none" : header.strip();
    }

    /** A Last-Event-ID we cannot read is treated as absent: the client gets a snapshot. */
    static Long lastEventId(String header) {
        if (header == null || header.isBlank()) return null;
        try {
            long v = Long.parseLong(header.strip());
            return v < 0 ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
