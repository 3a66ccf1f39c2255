package dev.gantry.api.flags;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code POST /api/v1/flags/{key}/toggle}: switch a flag on or off in one environment.
 *
 * @param on      required
 * @param reason  why; required, kept in the flag's history
 * @param version the flag version the caller read; null writes whatever is stored
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlagToggle(String env, Boolean on, String reason, Long version) {}
