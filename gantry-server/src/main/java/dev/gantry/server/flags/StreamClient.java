package dev.gantry.server.flags;

import dev.gantry.server.web.EventSink;
import jakarta.servlet.ServletOutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * One open flag change stream ({@link EventSink}) for one environment. The queue is bounded in frames: a client
 * whose queue overflows is disconnected; it reconnects with Last-Event-ID and catches up from the change log.
 * Frames are queued without writing ({@link #queue}) by a {@link FanOut} writer and written in one go.
 */
final class StreamClient extends EventSink {
    private final String env;
    private final String storeId;

    StreamClient(String id, String env, ServletOutputStream out, CompletableFuture<Void> done, int maxQueued) {
        this(id, env, null, out, done, maxQueued);
    }

    /** @param storeId the store the client's flags came from, as it sent it; null when it sent none (an SDK from before store ids) */
    StreamClient(
            String id,
            String env,
            String storeId,
            ServletOutputStream out,
            CompletableFuture<Void> done,
            int maxQueued) {
        super("flag stream client (" + env + ")", id, out, done, maxQueued, Long.MAX_VALUE);
        this.env = env;
        this.storeId = storeId;
    }

    String env() {
        return env;
    }

    String storeId() {
        return storeId;
    }
}
