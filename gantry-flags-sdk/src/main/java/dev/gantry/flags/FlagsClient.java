package dev.gantry.flags;

import dev.gantry.flags.internal.Backoff;
import dev.gantry.flags.internal.EventApplier;
import dev.gantry.flags.internal.FlagStream;
import dev.gantry.flags.internal.SnapshotFile;
import dev.gantry.flags.internal.SseEvent;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's handle on feature flags: evaluates locally against the latest snapshot,
 * which a background stream keeps current. When the server is down it keeps serving the last
 * known flags; when it is down at start, it starts from the last-known-good snapshot file.
 *
 * <pre>{@code
 * FlagsClient flags = FlagsClient.builder().baseUrl(URI.create("http://localhost:7070"))
 *     .sdkKey(System.getenv("GANTRY_SDK_KEY")).environment("production")
 *     .snapshotFile(Path.of("flags.json")).build().start();
 * flags.awaitReady(Duration.ofSeconds(5));
 * if (flags.booleanValue("new-banner", EvaluationContext.of(userId), false)) { ... }
 * }</pre>
 */
public final class FlagsClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FlagsClient.class);

    private final FlagEvaluator evaluator;
    private final SnapshotFile snapshotFile;
    private final FlagStream stream;
    private final HttpClient ownedHttp;
    private final List<FlagsListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Boolean> ready = new CompletableFuture<>();
    private volatile FlagSet flags = FlagSet.empty();
    /** The store {@link #flags} came from; null when unknown. Written by the stream thread only. */
    private volatile String storeId;

    private boolean started;
    private boolean fileTried;
    private volatile boolean keyRejected;

    private FlagsClient(Builder b) {
        this.evaluator = new FlagEvaluator(b.environment);
        this.snapshotFile = b.snapshotFile == null ? null : new SnapshotFile(b.snapshotFile);
        this.ownedHttp = b.httpClient == null
                ? HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(b.connectTimeout)
                        .build()
                : null;
        var backoff = new Backoff(b.initialBackoff, b.maxBackoff, ThreadLocalRandom.current());
        this.stream = new FlagStream(
                ownedHttp != null ? ownedHttp : b.httpClient,
                streamUri(b.baseUrl, b.environment),
                b.sdkKey,
                backoff,
                b.readTimeout,
                new StreamHandler());
    }

    private FlagsClient(FlagSet set, String environment) {
        this.evaluator = new FlagEvaluator(environment);
        this.snapshotFile = null;
        this.stream = null;
        this.ownedHttp = null;
        this.flags = set;
        ready.complete(true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client that never connects: evaluates {@code set} (replace it with {@link #setFlags}). Ready at once. */
    public static FlagsClient offline(FlagSet set, String environment) {
        if (set == null) throw new IllegalArgumentException("set: must not be null");
        return new FlagsClient(set, environment);
    }

    /** Starts streaming in the background; returns at once. Calling it again does nothing. */
    public synchronized FlagsClient start() {
        if (!started && stream != null) stream.start();
        started = true;
        return this;
    }

    /**
     * Waits until the client has flags: the server's snapshot, or the snapshot file when the server
     * could not be reached. Returns false on timeout (evaluations then serve callers' defaults).
     */
    public boolean awaitReady(Duration timeout) {
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    /** True once the client has flags to evaluate (false again never; false for good after close() if it had none). */
    public boolean isReady() {
        return ready.getNow(false);
    }

    /** True while the server's last answer was 401 to this client's SDK key. */
    public boolean keyRejected() {
        return keyRejected;
    }

    /** The snapshot evaluations currently use. */
    public FlagSet flagSet() {
        return flags;
    }

    public String environment() {
        return evaluator.environment();
    }

    /** Replaces the flags of an offline client and tells the listeners what changed. */
    public void setFlags(FlagSet set) {
        if (stream != null) throw new IllegalStateException("setFlags: only for offline clients; this one streams");
        if (set == null) throw new IllegalArgumentException("set: must not be null");
        Set<String> changed = EventApplier.changedKeys(flags, set);
        flags = set;
        notifyListeners(changed);
    }

    /** Local evaluation; allocates nothing. Unknown key, wrong type or any problem gives {@code callerDefault}. */
    public boolean booleanValue(String key, EvaluationContext ctx, boolean callerDefault) {
        return evaluator.booleanValue(flags, key, ctx, callerDefault);
    }

    public String stringValue(String key, EvaluationContext ctx, String callerDefault) {
        return evaluator.stringValue(flags, key, ctx, callerDefault);
    }

    public double numberValue(String key, EvaluationContext ctx, double callerDefault) {
        return evaluator.numberValue(flags, key, ctx, callerDefault);
    }

    /** The value of a json flag: a Map, List, String, Number or Boolean as parsed from JSON. */
    public Object jsonValue(String key, EvaluationContext ctx, Object callerDefault) {
        return evaluator.evaluate(flags, key, Object.class, callerDefault, ctx).value();
    }

    /** Value, variant, reason, error and metadata of one evaluation (see {@link FlagEvaluator#evaluate}). */
    public <T> Evaluation<T> details(String key, Class<T> type, T callerDefault, EvaluationContext ctx) {
        return evaluator.evaluate(flags, key, type, callerDefault, ctx);
    }

    public void addListener(FlagsListener listener) {
        listeners.add(listener);
    }

    public void removeListener(FlagsListener listener) {
        listeners.remove(listener);
    }

    /** Stops the stream's threads; evaluations keep answering from the last snapshot. */
    @Override
    public void close() {
        if (stream != null) stream.close();
        if (ownedHttp != null) ownedHttp.shutdownNow();
        ready.complete(false);
    }

    private void install(EventApplier.Update update) {
        flags = update.next();
        storeId = update.storeId();
        ready.complete(true);
        if (snapshotFile != null) {
            try {
                snapshotFile.write(update.next(), update.storeId());
            } catch (IOException e) {
                log.warn("cannot write flag snapshot file={} error={}", snapshotFile.path(), e.toString());
            }
        }
        notifyListeners(update.changedKeys());
    }

    private void notifyListeners(Set<String> changed) {
        if (changed.isEmpty()) return;
        for (FlagsListener l : listeners) {
            try {
                l.flagsChanged(changed);
            } catch (RuntimeException e) {
                log.warn("flags listener failed listener={} error={}", l, e.toString());
            }
        }
    }

    private void startFromFile() {
        if (fileTried || isReady() || snapshotFile == null) return;
        fileTried = true;
        try {
            SnapshotFile.Contents fromFile = snapshotFile.read();
            if (fromFile == null) return;
            flags = fromFile.flags();
            storeId = fromFile.storeId();
            ready.complete(true);
            log.info(
                    "flag server unreachable, serving snapshot file={} store={} version={}",
                    snapshotFile.path(),
                    fromFile.storeId(),
                    fromFile.flags().version());
        } catch (IOException e) {
            log.warn("cannot read flag snapshot file={} error={}", snapshotFile.path(), e.getMessage());
        }
    }

    private static URI streamUri(URI base, String environment) {
        String root = base.toString().replaceAll("/+$", "");
        return URI.create(root + "/api/v1/flags/stream?env=" + URLEncoder.encode(environment, StandardCharsets.UTF_8));
    }

    /** Connects the stream to this client's state. */
    private final class StreamHandler implements FlagStream.Handler {
        @Override
        public long resumeVersion() {
            return isReady() ? flags.version() : 0;
        }

        @Override
        public String storeId() {
            return storeId;
        }

        @Override
        public void onEvent(SseEvent event) {
            keyRejected = false;
            EventApplier.Update update = EventApplier.apply(flags, storeId, event);
            if (update != null) install(update);
        }

        @Override
        public void onFailure(String reason, boolean unauthorized) {
            keyRejected = unauthorized;
            startFromFile();
        }
    }

    /** Collects a streaming client's settings; {@link #build()} checks them. */
    public static final class Builder {
        private URI baseUrl;
        private String sdkKey;
        private String environment;
        private Path snapshotFile;
        private HttpClient httpClient;
        private Duration initialBackoff = Duration.ofMillis(250);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration readTimeout = Duration.ofSeconds(45);
        private Duration connectTimeout = Duration.ofSeconds(5);

        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder sdkKey(String sdkKey) {
            this.sdkKey = sdkKey;
            return this;
        }

        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        /** Where the last-known-good snapshot is kept (optional). */
        public Builder snapshotFile(Path snapshotFile) {
            this.snapshotFile = snapshotFile;
            return this;
        }

        /** An HTTP client to use instead of the client's own (which it closes on close()). */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /** Reconnect delays: {@code initial} doubling up to {@code max}, with jitter (default 250 ms to 30 s). */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            if (initial == null || initial.isNegative() || initial.isZero())
                throw new IllegalArgumentException("initial backoff: must be > 0");
            if (max == null || max.compareTo(initial) < 0)
                throw new IllegalArgumentException("max backoff: must be >= initial");
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** A stream silent this long (no event, no ping) is reopened; default 45 s. */
        public Builder readTimeout(Duration readTimeout) {
            if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero())
                throw new IllegalArgumentException("readTimeout: must be > 0");
            this.readTimeout = readTimeout;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero())
                throw new IllegalArgumentException("connectTimeout: must be > 0");
            this.connectTimeout = connectTimeout;
            return this;
        }

        public FlagsClient build() {
            if (baseUrl == null) throw new IllegalArgumentException("baseUrl: must be set");
            if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
                throw new IllegalArgumentException("baseUrl: must be an http or https URL, was " + baseUrl);
            }
            if (sdkKey == null || sdkKey.isBlank()) throw new IllegalArgumentException("sdkKey: must be set");
            if (environment == null || environment.isBlank())
                throw new IllegalArgumentException("environment: must be set");
            return new FlagsClient(this);
        }
    }
}
