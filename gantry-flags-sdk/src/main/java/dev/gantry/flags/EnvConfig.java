package dev.gantry.flags;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A flag's state in one environment.
 *
 * @param enabled false serves the caller's default with reason DISABLED
 * @param defaultVariant served when no rule matches (and there is no {@code rollout})
 * @param rules tried in order; the first whose conditions all hold decides
 * @param rollout optional fallthrough split used instead of {@code defaultVariant}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvConfig(boolean enabled, String defaultVariant, List<Rule> rules, Rollout rollout) {
    public EnvConfig {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** Enabled, serving {@code defaultVariant} to everyone. */
    public static EnvConfig serving(String defaultVariant) {
        return new EnvConfig(true, defaultVariant, List.of(), null);
    }
}
