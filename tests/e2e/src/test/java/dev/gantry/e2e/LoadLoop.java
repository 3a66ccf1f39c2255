package dev.gantry.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A steady, bounded load through the router: {@code threads} keep-alive clients, each paced to
 * {@code perThreadRate} requests a second, for at most {@code duration} and {@code maxRequests}.
 * Counts answers that pass {@code ok} and keeps the first failures with their reason.
 */
final class LoadLoop implements AutoCloseable {
    private final AtomicLong passed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> bodies = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    static LoadLoop start(
            Duration duration,
            int threads,
            int perThreadRate,
            long maxRequests,
            java.util.function.Supplier<HttpRequest> request,
            Predicate<HttpResponse<String>> ok) {
        LoadLoop loop = new LoadLoop();
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong budget = new AtomicLong(maxRequests);
        for (int t = 0; t < threads; t++) {
            loop.threads.add(
                    Thread.ofPlatform().daemon().start(() -> loop.run(deadline, budget, perThreadRate, request, ok)));
        }
        return loop;
    }

    static HttpRequest get(int routerPort, String host, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routerPort + path))
                .header("Host", host)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
    }

    private void run(
            long deadline,
            AtomicLong budget,
            int rate,
            java.util.function.Supplier<HttpRequest> request,
            Predicate<HttpResponse<String>> ok) {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        while (!stop.get() && System.nanoTime() < deadline && budget.decrementAndGet() >= 0) {
            try {
                HttpResponse<String> r = client.send(request.get(), HttpResponse.BodyHandlers.ofString());
                if (ok.test(r)) {
                    passed.incrementAndGet();
                    bodies.computeIfAbsent(r.body().strip(), k -> new AtomicLong())
                            .incrementAndGet();
                } else {
                    fail("HTTP " + r.statusCode() + ": " + r.body().strip());
                }
            } catch (Exception e) {
                fail(e.toString());
            }
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
    }

    private void fail(String why) {
        failed.incrementAndGet();
        if (failures.size() < 20) failures.add(why);
    }

    /** Waits for every client to finish (the loop is bounded, so this ends). */
    LoadLoop join() throws InterruptedException {
        for (Thread t : threads) t.join();
        return this;
    }

    /**
     * Waits until {@code more} answers beyond those passed so far have passed: proof that traffic
     * flows at this point of a test. Allows a minute, since a loaded machine is slow and speed is
     * not what these tests check (that is bench/'s job); fails if the loop ended first.
     */
    void awaitMorePassed(long more) {
        long from = passed();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> passed() >= from + more || threads.stream().noneMatch(Thread::isAlive));
        org.assertj.core.api.Assertions.assertThat(passed())
                .as("the load ended before %d more answers passed (failures: %s)", more, failures)
                .isGreaterThanOrEqualTo(from + more);
    }

    long passed() {
        return passed.get();
    }

    long failed() {
        return failed.get();
    }

    List<String> failures() {
        return failures;
    }

    Map<String, AtomicLong> bodies() {
        return bodies;
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        join();
    }
}
