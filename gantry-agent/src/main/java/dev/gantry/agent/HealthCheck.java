package dev.gantry.agent;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** One readiness probe: GET http://127.0.0.1:PORT{path}; 2xx within the timeout is healthy. */
final class HealthCheck implements AutoCloseable {
    private final HttpClient client;
    private final Duration timeout;
    private final java.util.concurrent.atomic.AtomicLong healthy = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong unhealthy = new java.util.concurrent.atomic.AtomicLong();

    HealthCheck(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The outcome of one probe. */
    record Result(boolean healthy, String message) {}

    CompletableFuture<Result> probe(int port, String path) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(timeout)
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(
                    new Result(false, "health " + path + ": not a valid path: " + e.getMessage()));
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> r.statusCode() / 100 == 2
                        ? new Result(true, "health " + path + ": " + r.statusCode())
                        : new Result(false, "health " + path + ": status " + r.statusCode()))
                .exceptionally(e -> new Result(false, "health " + path + ": " + describe(e)))
                .thenApply(r -> {
                    (r.healthy() ? healthy : unhealthy).incrementAndGet();
                    return r;
                });
    }

    /** Probes answered so far that found the instance healthy (true) or not (false): {@code /metrics}. */
    long probes(boolean wereHealthy) {
        return (wereHealthy ? healthy : unhealthy).get();
    }

    private String describe(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof HttpTimeoutException) return "no answer within " + timeout.toMillis() + " ms";
        if (cause instanceof ConnectException) return "connection refused";
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage());
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
