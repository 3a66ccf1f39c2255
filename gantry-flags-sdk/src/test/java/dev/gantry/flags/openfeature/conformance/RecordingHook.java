package dev.gantry.flags.openfeature.conformance;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.Hook;
import dev.openfeature.sdk.HookContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records which stages ran and the details handed to after/finally; optionally adds context in before. */
@SuppressWarnings("rawtypes")
final class RecordingHook implements Hook {
    final List<String> stages = new CopyOnWriteArrayList<>();
    final Map<String, FlagEvaluationDetails<?>> details = new ConcurrentHashMap<>();
    private final EvaluationContext beforeContext;

    RecordingHook(EvaluationContext beforeContext) {
        this.beforeContext = beforeContext;
    }

    @Override
    public Optional<EvaluationContext> before(HookContext ctx, Map hints) {
        stages.add("before");
        return Optional.ofNullable(beforeContext);
    }

    @Override
    public void after(HookContext ctx, FlagEvaluationDetails d, Map hints) {
        stages.add("after");
        details.put("after", d);
    }

    @Override
    public void error(HookContext ctx, Exception error, Map hints) {
        stages.add("error");
    }

    @Override
    public void finallyAfter(HookContext ctx, FlagEvaluationDetails d, Map hints) {
        stages.add("finally");
        details.put("finally", d);
    }
}
