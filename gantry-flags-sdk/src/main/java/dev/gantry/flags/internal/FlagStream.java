package dev.gantry.flags.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one SSE connection to the flag stream open: connects, hands events to a {@link Handler},
 * and reconnects with exponential backoff and jitter, resuming with {@code Last-Event-ID} and
 * {@value #STORE_ID_HEADER} (the store the flags came from: the server answers a different store
 * with a snapshot, and puts the store id in the snapshots it sends). A 401
 * is logged once and retried only at the maximum backoff. A connection silent for longer than the
 * read timeout (the server pings every 15 s) is dropped and reopened.
 */
public final class FlagStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FlagStream.class);
    /** Request header: the store id the client's flags came from, or {@code none}. */
    public static final String STORE_ID_HEADER = "X-Gantry-Store-Id";

    /** What the stream reports to its owner; called on the stream's thread. */
    public interface Handler {
        /** The version to resume from with Last-Event-ID, or 0 to ask for a fresh snapshot. */
        long resumeVersion();

        /** The id of the store the current flags came from, or null when unknown. */
        String storeId();

        /** Applies an event; an IllegalArgumentException (bad payload) makes the stream resync from a snapshot. */
        void onEvent(SseEvent event);

        /** The connection attempt failed or the stream broke. */
        void onFailure(String reason, boolean unauthorized);
    }

    private final HttpClient http;
    private final URI uri;
    private final String sdkKey;
    private final Backoff backoff;
    private final Duration readTimeout;
    private final Handler handler;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ScheduledExecutorService watchdog;
    private final Thread thread;
    private volatile InputStream body;
    private volatile long lastActivityNanos = System.nanoTime();
    private boolean resync;
    private boolean unauthorizedLogged;
    private int attempt;

    public FlagStream(HttpClient http, URI uri, String sdkKey, Backoff backoff, Duration readTimeout, Handler handler) {
        this.http = http;
        this.uri = uri;
        this.sdkKey = sdkKey;
        this.backoff = backoff;
        this.readTimeout = readTimeout;
        this.handler = handler;
        this.thread = Thread.ofPlatform().daemon().name("gantry-flags-stream").unstarted(this::run);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("gantry-flags-watchdog").unstarted(r));
    }

    public void start() {
        thread.start();
        long period = Math.max(50, readTimeout.toMillis() / 3);
        watchdog.scheduleAtFixedRate(this::dropIfSilent, period, period, TimeUnit.MILLISECONDS);
    }

    private void run() {
        while (closed.getCount() > 0) {
            Duration wait;
            try {
                connectOnce();
                wait = backoff.delay(0);
                log.info("flag stream ended, reconnecting uri={}", uri);
            } catch (Unauthorized e) {
                if (!unauthorizedLogged)
                    log.error(
                            "flag stream rejected the SDK key (HTTP 401); retrying every {} uri={}",
                            backoff.max(),
                            uri);
                unauthorizedLogged = true;
                handler.onFailure("HTTP 401", true);
                wait = backoff.max();
            } catch (IOException | RuntimeException e) {
                if (closed.getCount() == 0) return;
                wait = backoff.delay(attempt++);
                log.warn("flag stream unavailable, retry in {} ms uri={} error={}", wait.toMillis(), uri, e.toString());
                handler.onFailure(e.toString(), false);
            } catch (InterruptedException e) {
                return;
            }
            if (await(wait)) return;
        }
    }

    private void connectOnce() throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri)
                .GET()
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + sdkKey)
                .header(STORE_ID_HEADER, Objects.requireNonNullElse(handler.storeId(), "none"));
        long resume = resync ? 0 : handler.resumeVersion();
        if (resume > 0) request.header("Last-Event-ID", Long.toString(resume));
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() == 401) throw new Unauthorized();
            if (response.statusCode() != 200) throw new IOException("HTTP " + response.statusCode());
            attempt = 0;
            unauthorizedLogged = false;
            resync = false;
            body = in;
            lastActivityNanos = System.nanoTime();
            log.info("flag stream connected uri={} lastEventId={}", uri, resume);
            new SseParser(this::deliver, this::touch).read(new ActivityStream(in, this::touch));
        } finally {
            body = null;
        }
    }

    private void deliver(SseEvent event) {
        try {
            handler.onEvent(event);
        } catch (IllegalArgumentException e) {
            log.warn(
                    "flag stream sent a bad event, resyncing id={} event={} error={}",
                    event.id(),
                    event.event(),
                    e.getMessage());
            resync = true;
            throw new UncheckedBadEvent(e);
        }
    }

    private void touch() {
        lastActivityNanos = System.nanoTime();
    }

    private void dropIfSilent() {
        InputStream in = body;
        if (in != null && System.nanoTime() - lastActivityNanos > readTimeout.toNanos()) {
            log.warn("flag stream silent for more than {} ms, reconnecting uri={}", readTimeout.toMillis(), uri);
            closeQuietly(in);
        }
    }

    /** Waits, returning true when the stream was closed meanwhile. */
    private boolean await(Duration wait) {
        try {
            return closed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return true;
        }
    }

    @Override
    public void close() {
        closed.countDown();
        watchdog.shutdownNow();
        InputStream in = body;
        if (in != null) closeQuietly(in);
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            log.debug("closing flag stream body failed error={}", e.toString());
        }
    }

    private static final class Unauthorized extends IOException {
        Unauthorized() {
            super("HTTP 401");
        }
    }

    private static final class UncheckedBadEvent extends RuntimeException {
        UncheckedBadEvent(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
