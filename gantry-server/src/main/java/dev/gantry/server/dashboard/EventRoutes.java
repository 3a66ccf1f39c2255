package dev.gantry.server.dashboard;

import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/v1/dashboard/events}: the dashboard's server-sent events for admins, deployers and viewers (cookie
 * or bearer). Held open asynchronously as the flag stream is: Javalin waits on a future that completes when the
 * stream ends; revoking the credential or ending the session ends it.
 */
final class EventRoutes {
    static final String PATH = "/api/v1/dashboard/events";
    /** How far a viewer may fall behind before it is dropped. */
    static final long MAX_QUEUED_BYTES = 4L << 20;

    private final EventStream stream;
    private final Access access;
    private final Sessions sessions;
    private final AtomicLong ids = new AtomicLong();

    EventRoutes(EventStream stream, Access access, Sessions sessions) {
        this.stream = stream;
        this.access = access;
        this.sessions = sessions;
    }

    void register(ApiRoutes routes) {
        routes.get(PATH)
                .summary("The dashboard's live events (server-sent): a snapshot, then instances, hosts, apps and alerts"
                        + " as they change, and the agents' and routers' values every 250 ms")
                .returns(
                        200,
                        Content.events(Map.of(
                                "snapshot", BoardSnapshot.class,
                                "instance", InstanceCard.class,
                                "host", HostCard.class,
                                "app", AppCard.class,
                                "alert", AlertCard.class,
                                "samples", Samples.class)))
                .handle(this::events);
    }

    private void events(Context ctx) throws IOException {
        ctx.status(200);
        ctx.res().setCharacterEncoding("UTF-8");
        ctx.res().setContentType("text/event-stream");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        ctx.res().flushBuffer();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Viewer viewer = new Viewer("v" + ids.incrementAndGet(), ctx.res().getOutputStream(), done, MAX_QUEUED_BYTES);
        viewer.onClose(access.closeOnRevoke(ctx, viewer::close));
        viewer.onClose(sessions.closeOnEnd(ctx, viewer::close));
        ctx.future(() -> {
            viewer.start();
            stream.open(viewer);
            return done;
        });
    }
}
