package dev.gantry.server.flags;

import dev.gantry.server.ServerFeature;
import dev.gantry.server.store.Redis;
import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiException;
import dev.gantry.server.web.ApiRoutes;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Feature flags in the control plane: the flag, segment and SDK-key API, OFREP evaluation, and the
 * SSE change stream. Writes go to the primary Redis; flag reads (list, get, the initial snapshot)
 * may come from a replica ({@code replica} non-null: a replica's {@code redis://} URI, or a
 * {@code redis-sentinel://} URI for the replicas Sentinel knows), and streams and evaluations are
 * served from an in-memory copy kept current by the change stream.
 */
public final class FlagsFeature implements ServerFeature {
    static final String STREAM_PATH = "/api/v1/flags/stream";
    private final Redis replica;
    private final FlagStore store;
    private final SdkKeys sdkKeys;
    private final FlagWriter writer;
    private final StreamBroker broker;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("gantry-flags-timer").factory());
    private final FlagsSettings settings;

    public FlagsFeature(Redis primary) {
        this(primary, null, FlagsSettings.defaults(), Clock.systemUTC());
    }

    /** @param replica a Redis replica (or Sentinel URI, see {@link Redis#forReads}) for flag reads, or null to read from the primary */
    public FlagsFeature(Redis primary, URI replica) {
        this(primary, replica, FlagsSettings.defaults(), Clock.systemUTC());
    }

    public FlagsFeature(Redis primary, URI replica, FlagsSettings settings, Clock clock) {
        this.settings = settings;
        this.replica = replica == null ? null : Redis.forReads(replica);
        this.store = new FlagStore(
                primary.sync(),
                this.replica == null ? primary.sync() : this.replica.sync(),
                settings.logLength(),
                settings.historyLength());
        this.sdkKeys = new SdkKeys(primary.sync(), clock);
        this.writer = new FlagWriter(store, clock);
        this.broker = new StreamBroker(store, primary.client(), timer, settings.pingEvery(), settings.recentChanges());
        try {
            broker.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void register(ApiRoutes routes, Access access) {
        for (String prefix : List.of("/api/v1/flags", "/api/v1/segments", "/api/v1/sdk-keys", "/ofrep/")) {
            access.guard(prefix, this::allowSdkKey);
        }
        new StreamRoutes(broker, settings.maxQueuedFrames(), access).register(routes);
        new FlagRoutes(store, writer).register(routes);
        new SegmentRoutes(store, writer).register(routes);
        new SdkKeyRoutes(sdkKeys).register(routes);
        new OfrepRoutes(broker).register(routes);
    }

    /** Deployed instances read flags with the shared instance SDK key, in production. */
    @Override
    public Map<String, String> instanceEnv() {
        return Map.of(
                "GANTRY_SDK_KEY", sdkKeys.instanceKey(Environments.DEFAULT), "GANTRY_FLAGS_ENV", Environments.DEFAULT);
    }

    /** Flag and segment writes, open streams. */
    @Override
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        for (String kind : List.of("flag", "segment"))
            io.micrometer.core.instrument.FunctionCounter.builder("gantry.flag.writes", store, s -> s.writes(kind))
                    .description("Flag and segment writes through this control plane")
                    .tag("kind", kind)
                    .register(registry);
        io.micrometer.core.instrument.Gauge.builder("gantry.flag.streams", broker, StreamBroker::clientCount)
                .description("Open flag change streams (SSE) on this control plane")
                .register(registry);
    }

    /** Open SSE streams on this control plane. */
    public int streamCount() {
        return broker.clientCount();
    }

    /** The global change version this control plane has applied. */
    public long liveVersion() {
        return broker.current().version();
    }

    /** A valid SDK key passes on the read-only paths and gets a 403 naming the rule anywhere else. */
    private boolean allowSdkKey(Context ctx, String bearer) {
        SdkKey key = sdkKeys.find(bearer);
        if (key == null) return false;
        if (!readOnly(ctx)) {
            throw new ApiException(
                    403,
                    "SDK keys are read-only: they may only stream flags (GET " + STREAM_PATH
                            + ") and evaluate them (POST /ofrep/v1/evaluate/...); " + ctx.method() + " " + ctx.path()
                            + " needs a credential (gantry tokens create)");
        }
        ctx.attribute(Environments.SDK_KEY_ATTRIBUTE, key);
        return true;
    }

    private static boolean readOnly(Context ctx) {
        String method = ctx.method().name();
        String path = ctx.path();
        return method.equals("GET") && (path.equals(STREAM_PATH) || path.equals("/ofrep/v1/configuration"))
                || method.equals("POST") && path.startsWith("/ofrep/v1/evaluate/");
    }

    @Override
    public void close() {
        broker.close();
        timer.shutdownNow();
        if (replica != null) replica.close();
    }
}
