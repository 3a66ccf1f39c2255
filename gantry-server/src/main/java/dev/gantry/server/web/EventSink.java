package dev.gantry.server.web;

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
 * One open server-sent event stream, written without blocking (the servlet's {@link WriteListener} mode): a queued
 * frame is written at once by the thread that offers it while the socket takes it, and otherwise by Jetty when the
 * socket drains ({@link #onWritePossible}). No thread is needed per stream or per write; the frames queued since the
 * last flush go out in one flush. What waits is bounded, in frames and in bytes: a client further behind is
 * disconnected, and reconnects (the flag stream resumes from its change log, the dashboard gets a new snapshot).
 * The flag stream's clients and the dashboard's viewers are both this.
 */
public class EventSink implements WriteListener {
    private static final Logger log = LoggerFactory.getLogger(EventSink.class);
    private final String kind;
    private final String id;
    private final ServletOutputStream out;
    private final CompletableFuture<Void> done;
    private final int maxFrames;
    private final long maxBytes;
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedFrames = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger pumpRequests = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean unflushed;
    private volatile Runnable onClose = () -> {};

    /**
     * @param kind      what the stream is, in log lines ({@code flag stream client}, {@code dashboard viewer})
     * @param done      completes to end the response (Javalin waits on it)
     * @param maxFrames frames that may wait before the client is dropped
     * @param maxBytes  bytes that may wait before the client is dropped
     */
    protected EventSink(
            String kind,
            String id,
            ServletOutputStream out,
            CompletableFuture<Void> done,
            int maxFrames,
            long maxBytes) {
        this.kind = kind;
        this.id = id;
        this.out = out;
        this.done = done;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    public String id() {
        return id;
    }

    /** Switches the response to non-blocking writes; call once the request is asynchronous. */
    public void start() {
        out.setWriteListener(this);
    }

    /** Runs {@code action} once the stream is closed or abandoned, after those added before it. */
    public void onClose(Runnable action) {
        Runnable before = this.onClose;
        this.onClose = () -> {
            before.run();
            action.run();
        };
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Queues a frame and writes what the socket takes now; false (and the stream closed) when too far behind. */
    public boolean offer(byte[] frame) {
        if (!queue(frame)) return false;
        writeQueued();
        return true;
    }

    /** Queues a frame without writing it (see {@link #writeQueued}); false as for {@link #offer}. */
    public boolean queue(byte[] frame) {
        if (closed.get()) return false;
        if (done.isDone()) {
            abandon();
            return false;
        }
        int frames = queuedFrames.incrementAndGet();
        long bytes = queuedBytes.addAndGet(frame.length);
        if (frames > maxFrames || bytes > maxBytes) {
            log.warn("{} too slow, disconnecting id={} {} queued frames, {} bytes", kind, id, frames, bytes);
            close();
            return false;
        }
        queue.add(frame);
        return true;
    }

    /** Writes what is queued while the socket takes it; the rest goes when Jetty reports it writable. */
    public void writeQueued() {
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
        log.debug("{} write failed, dropping id={} error={}", kind, id, failure.toString());
        abandon();
    }

    /**
     * Ends the response while the connection is alive (a client too far behind, a credential revoked): Javalin
     * finishes the request when the future completes, and the client reconnects.
     */
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        queue.clear();
        done.complete(null);
        onClose.run();
    }

    /**
     * Forgets the stream without touching the request: after a failed write (the client is gone and Jetty ends the
     * request itself) or while the server stops. Completing Javalin's future on a request Jetty has already recycled
     * makes Javalin 7.2 loop on NullPointerExceptions.
     */
    public void abandon() {
        if (!closed.compareAndSet(false, true)) return;
        queue.clear();
        onClose.run();
    }

    /**
     * Only one thread writes at a time: the first caller pumps and repeats while others asked meanwhile (a frame
     * offered, or Jetty reporting the socket writable), so no request is lost.
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
                    queuedFrames.decrementAndGet();
                    queuedBytes.addAndGet(-frame.length);
                    out.write(frame);
                    unflushed = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("{} write failed, dropping id={} error={}", kind, id, e.toString());
            abandon();
        }
    }
}
