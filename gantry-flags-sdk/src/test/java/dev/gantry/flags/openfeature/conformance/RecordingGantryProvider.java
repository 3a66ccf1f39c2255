package dev.gantry.flags.openfeature.conformance;

import dev.gantry.flags.FlagSet;
import dev.gantry.flags.openfeature.GantryProvider;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ProviderEvaluation;

/** The Gantry provider, remembering the (merged) context of its last boolean evaluation. */
final class RecordingGantryProvider extends GantryProvider {
    volatile EvaluationContext lastContext;

    RecordingGantryProvider(FlagSet flags, String environment) {
        super(flags, environment);
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue, EvaluationContext ctx) {
        lastContext = ctx;
        return super.getBooleanEvaluation(key, defaultValue, ctx);
    }
}
