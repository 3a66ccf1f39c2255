package dev.gantry.flags;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A targeting rule: when all {@code conditions} hold, serve {@code variant}, or split by
 * {@code rollout} when that is given instead.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rule(String id, List<Condition> conditions, String variant, Rollout rollout) {
    public Rule {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /** A rule serving a fixed variant. */
    public static Rule serve(String id, String variant, Condition... conditions) {
        return new Rule(id, List.of(conditions), variant, null);
    }
}
