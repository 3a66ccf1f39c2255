package dev.gantry.flags.openfeature;

import dev.gantry.flags.Evaluation;
import dev.gantry.flags.FlagSet;
import dev.gantry.flags.FlagsClient;
import dev.gantry.flags.FlagsListener;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.EventProvider;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.ProviderEventDetails;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.FatalError;
import dev.openfeature.sdk.exceptions.GeneralError;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gantry as an OpenFeature provider (name "gantry"). Evaluates locally through a {@link FlagsClient};
 * {@link #initialize} starts the client and waits for its first flags, and every update is
 * announced as PROVIDER_CONFIGURATION_CHANGED with the changed flag keys.
 *
 * <pre>{@code
 * OpenFeatureAPI.getInstance().setProviderAndWait(new GantryProvider(flagsClient));
 * boolean on = OpenFeatureAPI.getInstance().getClient().getBooleanValue("new-banner", false, ctx);
 * }</pre>
 */
public class GantryProvider extends EventProvider {
    public static final String NAME = "gantry";
    private static final Duration DEFAULT_INIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(100);

    private final FlagsClient client;
    private final Duration initTimeout;
    private final FlagsListener forwarder = this::announce;

    /** A provider over a (not yet started) client; initialize waits up to {@code initTimeout} for flags. */
    public GantryProvider(FlagsClient client, Duration initTimeout) {
        if (client == null) throw new IllegalArgumentException("client: must not be null");
        if (initTimeout == null || initTimeout.isNegative())
            throw new IllegalArgumentException("initTimeout: must be >= 0");
        this.client = client;
        this.initTimeout = initTimeout;
    }

    public GantryProvider(FlagsClient client) {
        this(client, DEFAULT_INIT_TIMEOUT);
    }

    /** A provider over fixed flags, for tests and local use. */
    public GantryProvider(FlagSet flags, String environment) {
        this(FlagsClient.offline(flags, environment), DEFAULT_INIT_TIMEOUT);
    }

    public FlagsClient client() {
        return client;
    }

    @Override
    public Metadata getMetadata() {
        return () -> NAME;
    }

    @Override
    public void initialize(EvaluationContext evaluationContext) throws Exception {
        client.addListener(forwarder);
        client.start();
        long deadline = System.nanoTime() + initTimeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (client.awaitReady(Duration.ofNanos(Math.max(0, Math.min(left, POLL.toNanos()))))) return;
            if (client.keyRejected()) throw new FatalError("gantry: the flag server rejected the SDK key (HTTP 401)");
            if (left <= 0) {
                throw new GeneralError("gantry: no flags after " + initTimeout.toMillis()
                        + " ms (server unreachable, no snapshot file)");
            }
        }
    }

    @Override
    public void shutdown() {
        client.removeListener(forwarder);
        client.close();
        super.shutdown();
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue, EvaluationContext ctx) {
        return evaluate(key, Boolean.class, defaultValue, ctx);
    }

    @Override
    public ProviderEvaluation<String> getStringEvaluation(String key, String defaultValue, EvaluationContext ctx) {
        return evaluate(key, String.class, defaultValue, ctx);
    }

    @Override
    public ProviderEvaluation<Integer> getIntegerEvaluation(String key, Integer defaultValue, EvaluationContext ctx) {
        return evaluate(key, Integer.class, defaultValue, ctx);
    }

    @Override
    public ProviderEvaluation<Long> getLongEvaluation(String key, Long defaultValue, EvaluationContext ctx) {
        return evaluate(key, Long.class, defaultValue, ctx);
    }

    @Override
    public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double defaultValue, EvaluationContext ctx) {
        return evaluate(key, Double.class, defaultValue, ctx);
    }

    @Override
    public ProviderEvaluation<Value> getObjectEvaluation(String key, Value defaultValue, EvaluationContext ctx) {
        ProviderEvaluation<Object> raw = evaluate(key, Object.class, null, ctx);
        Value value = raw.getValue() == null ? defaultValue : Value.objectToValue(raw.getValue());
        return ProviderEvaluation.<Value>builder()
                .value(value)
                .variant(raw.getVariant())
                .reason(raw.getReason())
                .errorCode(raw.getErrorCode())
                .errorMessage(raw.getErrorMessage())
                .flagMetadata(raw.getFlagMetadata())
                .build();
    }

    private <T> ProviderEvaluation<T> evaluate(String key, Class<T> type, T defaultValue, EvaluationContext ctx) {
        if (!client.isReady()) {
            return ProviderEvaluation.<T>builder()
                    .value(defaultValue)
                    .reason("ERROR")
                    .errorCode(ErrorCode.PROVIDER_NOT_READY)
                    .errorMessage("gantry: flags not loaded yet")
                    .build();
        }
        Evaluation<T> e = client.details(key, type, defaultValue, Contexts.toGantry(ctx));
        return ProviderEvaluation.<T>builder()
                .value(e.value())
                .variant(e.variant())
                .reason(e.reason())
                .errorCode(errorCode(e.errorCode()))
                .errorMessage(e.errorMessage())
                .flagMetadata(metadata(e.flagMetadata()))
                .build();
    }

    private void announce(java.util.Set<String> changedKeys) {
        emitProviderConfigurationChanged(ProviderEventDetails.builder()
                .flagsChanged(List.copyOf(changedKeys))
                .message("gantry flags updated to version " + client.flagSet().version())
                .build());
    }

    static ErrorCode errorCode(String code) {
        if (code == null) return null;
        return switch (code) {
            case Evaluation.FLAG_NOT_FOUND -> ErrorCode.FLAG_NOT_FOUND;
            case Evaluation.TYPE_MISMATCH -> ErrorCode.TYPE_MISMATCH;
            case Evaluation.PARSE_ERROR -> ErrorCode.PARSE_ERROR;
            default -> ErrorCode.GENERAL;
        };
    }

    static ImmutableMetadata metadata(Map<String, Object> metadata) {
        if (metadata.isEmpty()) return ImmutableMetadata.EMPTY;
        var b = ImmutableMetadata.builder();
        metadata.forEach((k, v) -> {
            switch (v) {
                case String s -> b.addString(k, s);
                case Boolean bool -> b.addBoolean(k, bool);
                case Integer i -> b.addInteger(k, i);
                case Long l -> b.addLong(k, l);
                case Float f -> b.addFloat(k, f);
                case Number n -> b.addDouble(k, n.doubleValue());
                default -> b.addString(k, String.valueOf(v));
            }
        });
        return b.build();
    }

    /** Converts OpenFeature contexts to Gantry's. */
    static final class Contexts {
        private Contexts() {}

        static dev.gantry.flags.EvaluationContext toGantry(EvaluationContext ctx) {
            if (ctx == null || ctx.isEmpty()) return dev.gantry.flags.EvaluationContext.empty();
            Map<String, Object> attributes = new HashMap<>(ctx.asObjectMap());
            attributes.remove(dev.gantry.flags.EvaluationContext.TARGETING_KEY);
            return new dev.gantry.flags.EvaluationContext(ctx.getTargetingKey(), attributes);
        }
    }
}
