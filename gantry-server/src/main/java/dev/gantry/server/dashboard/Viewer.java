package dev.gantry.server.dashboard;

import dev.gantry.server.web.EventSink;
import jakarta.servlet.ServletOutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * One open dashboard event stream ({@link EventSink}), bounded in bytes: a viewer that falls further behind is
 * dropped (its browser reconnects and gets a new snapshot).
 */
final class Viewer extends EventSink {
    Viewer(String id, ServletOutputStream out, CompletableFuture<Void> done, long maxQueuedBytes) {
        super("dashboard viewer", id, out, done, Integer.MAX_VALUE, maxQueuedBytes);
    }
}
