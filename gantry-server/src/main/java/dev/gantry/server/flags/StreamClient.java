package dev.gantry.server.flags;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open SSE stream. Frames are queued (bounded) and written by a short task on the shared
 * writer executor only while there is something to write, so an idle stream holds no thread and a
 * slow client only delays itself. A client whose queue overflows is disconnected; it reconnects
 * with Last-Event-ID and catches up from the change log.
 */
final class StreamClient {
  private static final Logger log = LoggerFactory.getLogger(StreamClient.class);
  private final String id;
  private final String env;
  private final OutputStream out;
  private final CompletableFuture<Void> done;
  private final Executor writers;
  private final int maxQueued;
  private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Runnable onClose = () -> { };

  StreamClient(String id, String env, OutputStream out, CompletableFuture<Void> done, Executor writers, int maxQueued) {
    this.id = id;
    this.env = env;
    this.out = out;
    this.done = done;
    this.writers = writers;
    this.maxQueued = maxQueued;
  }

  String env() {
    return env;
  }

  String id() {
    return id;
  }

  void onClose(Runnable action) {
    this.onClose = action;
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Queues a frame; false (and the stream closed) when the client is too far behind. */
  boolean offer(byte[] frame) {
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
    if (draining.compareAndSet(false, true)) writers.execute(this::drain);
    return true;
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

  private void drain() {
    while (true) {
      try {
        byte[] frame;
        boolean wrote = false;
        while (!closed.get() && (frame = queue.poll()) != null) {
          queued.decrementAndGet();
          out.write(frame);
          wrote = true;
        }
        if (wrote && !closed.get()) out.flush();
      } catch (IOException | RuntimeException e) {
        log.debug("flag stream write failed, dropping client={} error={}", id, e.toString());
        abandon();
        return;
      }
      draining.set(false);
      if (queue.isEmpty() || closed.get() || !draining.compareAndSet(false, true)) return;
    }
  }
}
