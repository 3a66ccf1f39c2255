package dev.gantry.server.flags;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open SSE stream, written without blocking (the servlet's {@link WriteListener} mode): a
 * queued frame is written at once by the thread that offers it (the broker's dispatcher, or a
 * {@link FanOut} writer) while the socket takes it, and otherwise by Jetty when the socket drains
 * ({@link #onWritePossible}).
 * No thread is needed per stream or per write; the frames queued since the last flush go out in
 * one flush. The queue is bounded: a client whose queue overflows is disconnected; it reconnects
 * with Last-Event-ID and catches up from the change log.
 */
final class StreamClient implements WriteListener {
    private static final Logger log = LoggerFactory.getLogger(StreamClient.class);
    private final String id;
    private final String env;
    private final String storeId;
    private final ServletOutputStream out;
    private final CompletableFuture<Void> done;
    private final int maxQueued;
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger pumpRequests = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean unflushed;
    private volatile Runnable onClose = () -> {};

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
        this.id = id;
        this.env = env;
        this.storeId = storeId;
        this.out = out;
        this.done = done;
        this.maxQueued = maxQueued;
    }

    String env() {
        return env;
    }

    String id() {
        return id;
    }

    String storeId() {
        return storeId;
    }

    /** Switches the response to non-blocking writes; call once the request is asynchronous. */
    void start() {
        out.setWriteListener(this);
    }

    /** Runs {@code action} once the stream is closed or abandoned, after those added before it. */
    void onClose(Runnable action) {
        Runnable before = this.onClose;
        this.onClose = () -> {
            before.run();
            action.run();
        };
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Queues a frame and writes what the socket takes now; false (and the stream closed) when the client is too far behind. */
    boolean offer(byte[] frame) {
        if (!queue(frame)) return false;
        writeQueued();
        return true;
    }

    /** Queues a frame without writing it (see {@link #writeQueued}); false as for {@link #offer}. */
    boolean queue(byte[] frame) {
        if (closed.get()) return false;
        if (done.isDone()) {
            abandon();
            return false;
        }
        if (queued.incrementAndGet() > maxQueued) {
            log.warn("flag stream client too slow, disconnecting client={} env={} queued={}", id, env, maxQueued);
            close();
            return false;
        }
        queue.add(frame);
        return true;
    }

    /** Writes what is queued while the socket takes it; the rest goes when Jetty reports it writable. */
    void writeQueued() {
        pump();
    }

    /** Jetty: the last pending write finished, the socket takes more. */
    @Override
    public void onWritePossible() {
        pump();
    }

    /** Jetty: a write failed (the client is gone); Jetty ends the request itself. */
    @Override
    public void onError(Throwable failure) {
        log.debug("flag stream write failed, dropping client={} error={}", id, failure.toString());
        abandon();
    }

    /**
     * Ends the response while the connection is alive (a client too far behind): Javalin finishes
     * the request when the future completes, and the client reconnects.
     */
    void close() {
        if (!closed.compareAndSet(false, true)) return;
        queue.clear();
        done.complete(null);
        onClose.run();
    }

    /**
     * Forgets the stream without touching the request: after a failed write (the client is gone and
     * Jetty ends the request itself) or while the server stops. Completing Javalin's future on a
     * request Jetty has already recycled makes Javalin 7.2 loop on NullPointerExceptions.
     */
    void abandon() {
        if (!closed.compareAndSet(false, true)) return;
        queue.clear();
        onClose.run();
    }

    /**
     * Only one thread writes at a time: the first caller pumps and repeats while others asked
     * meanwhile (a frame offered, or Jetty reporting the socket writable), so no request is lost.
     */
    private void pump() {
        if (pumpRequests.getAndIncrement() != 0) return;
        int handled = 1;
        do {
            writeWhileReady();
            handled = pumpRequests.addAndGet(-handled);
        } while (handled != 0);
    }

    private void writeWhileReady() {
        try {
            while (!closed.get() && out.isReady()) {
                byte[] frame = queue.poll();
                if (frame == null) {
                    if (!unflushed) return;
                    unflushed = false;
                    out.flush();
                } else {
                    queued.decrementAndGet();
                    out.write(frame);
                    unflushed = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("flag stream write failed, dropping client={} error={}", id, e.toString());
            abandon();
        }
    }
}
