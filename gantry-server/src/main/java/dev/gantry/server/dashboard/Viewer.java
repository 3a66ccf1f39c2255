package dev.gantry.server.dashboard;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open dashboard event stream, written without blocking (the servlet's {@link WriteListener} mode, as the flag
 * stream's clients): a frame is written at once by the thread that offers it while the socket takes it, the rest
 * when Jetty reports the socket writable. No thread per viewer. What waits is bounded in bytes: a viewer that falls
 * further behind is dropped (its browser reconnects and gets a new snapshot).
 */
final class Viewer implements WriteListener {
    private static final Logger log = LoggerFactory.getLogger(Viewer.class);
    private final String id;
    private final ServletOutputStream out;
    private final CompletableFuture<Void> done;
    private final long maxQueuedBytes;
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger pumpRequests = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean unflushed;
    private volatile Runnable onClose = () -> {};

    Viewer(String id, ServletOutputStream out, CompletableFuture<Void> done, long maxQueuedBytes) {
        this.id = id;
        this.out = out;
        this.done = done;
        this.maxQueuedBytes = maxQueuedBytes;
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

    /** Queues a frame and writes what the socket takes now; false (and the stream closed) when too far behind. */
    boolean offer(byte[] frame) {
        if (closed.get()) return false;
        if (done.isDone()) {
            abandon();
            return false;
        }
        if (queuedBytes.addAndGet(frame.length) > maxQueuedBytes) {
            log.warn("dashboard viewer too slow, disconnecting viewer={} queuedBytes>{}", id, maxQueuedBytes);
            close();
            return false;
        }
        queue.add(frame);
        pump();
        return true;
    }

    @Override
    public void onWritePossible() {
        pump();
    }

    @Override
    public void onError(Throwable failure) {
        log.debug("dashboard stream write failed, dropping viewer={} error={}", id, failure.toString());
        abandon();
    }

    /** Ends the response while the connection lives (too far behind, session or credential ended). */
    void close() {
        if (!closed.compareAndSet(false, true)) return;
        queue.clear();
        done.complete(null);
        onClose.run();
    }

    /** Forgets the stream without touching the request (the client is gone, or the server stops): see the flag stream's. */
    void abandon() {
        if (!closed.compareAndSet(false, true)) return;
        queue.clear();
        onClose.run();
    }

    /** One writer at a time: the first caller pumps and repeats while others asked meanwhile. */
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
                    queuedBytes.addAndGet(-frame.length);
                    out.write(frame);
                    unflushed = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("dashboard stream write failed, dropping viewer={} error={}", id, e.toString());
            abandon();
        }
    }
}
