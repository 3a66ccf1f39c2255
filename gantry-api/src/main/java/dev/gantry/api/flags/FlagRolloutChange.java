package dev.gantry.api.flags;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * {@code POST /api/v1/flags/{key}/rollout}: split one environment's fallthrough between variants,
 * by exactly one of {@code weights} (in 1/100,000, adding up to 100000) or {@code percentages}
 * (at most 3 decimals, adding up to 100).
 *
 * @param bucketBy the context attribute hashed for stickiness; null: targetingKey
 * @param reason   why; required, kept in the flag's history
 * @param version  the flag version the caller read; null writes whatever is stored
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlagRolloutChange(
        String env,
        Map<String, Integer> weights,
        Map<String, Double> percentages,
        String bucketBy,
        String reason,
        Long version) {}
