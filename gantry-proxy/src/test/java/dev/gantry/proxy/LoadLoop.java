package dev.gantry.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounded steady load for tests: N threads, each with ONE keep-alive connection, sending GETs
 * until stopped or until a per-thread cap. Any non-200 answer or lost connection is recorded.
 */
final class LoadLoop implements AutoCloseable {
    static final int MAX_REQUESTS_PER_THREAD = 50_000;

    final AtomicInteger ok = new AtomicInteger();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    LoadLoop(int port, String host, int threadCount) {
        for (int i = 0; i < threadCount; i++) {
            threads.add(Thread.ofPlatform().name("load-" + i).start(() -> run(port, host)));
        }
    }

    private void run(int port, String host) {
        try (RawClient client = new RawClient(port)) {
            for (int i = 0; i < MAX_REQUESTS_PER_THREAD && running.get(); i++) {
                RawClient.Response r = client.get(host, "/load/" + i);
                if (r.status() == 200) {
                    ok.incrementAndGet();
                } else {
                    failures.add(r.status() + " " + r.body().trim());
                }
            }
        } catch (Exception e) {
            failures.add("connection lost: " + e);
        }
    }

    /** Stops the load and waits for every thread; returns the number of successful requests. */
    int stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) t.join(30_000);
        return ok.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
