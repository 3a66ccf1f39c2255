package dev.gantry.server.flags;

import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Sends one frame to many streams. The caller queues the frame on every stream first (so each
 * stream keeps the caller's order), then the socket writes of a large set are split into slices:
 * the caller writes the first slice itself and a few writer threads the others, so that a change
 * to thousands of streams is not held up by one thread's writes.
 */
final class FanOut implements AutoCloseable {
    static final int MIN_SLICE = 512;
    private final int slicesMax;
    private final ExecutorService writers;

    /** @param threads streams are written by the caller plus {@code threads - 1} writer threads */
    FanOut(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads: must be >= 1, was " + threads);
        this.slicesMax = threads;
        this.writers = Executors.newFixedThreadPool(
                Math.max(1, threads - 1),
                Thread.ofPlatform().daemon().name("gantry-flags-writer-", 0).factory());
    }

    void send(Collection<StreamClient> clients, byte[] frame) {
        StreamClient[] all = clients.toArray(StreamClient[]::new);
        for (StreamClient c : all) c.queue(frame);
        int slices = Math.min(slicesMax, Math.max(1, all.length / MIN_SLICE));
        int size = (all.length + slices - 1) / slices;
        for (int from = size; from < all.length; from += size) {
            int start = from;
            int end = Math.min(all.length, from + size);
            try {
                writers.execute(() -> writeQueued(all, start, end));
            } catch (RejectedExecutionException e) {
                return;
            }
        }
        writeQueued(all, 0, Math.min(size, all.length));
    }

    private static void writeQueued(StreamClient[] clients, int from, int to) {
        for (int i = from; i < to; i++) clients[i].writeQueued();
    }

    @Override
    public void close() {
        writers.shutdownNow();
    }
}
