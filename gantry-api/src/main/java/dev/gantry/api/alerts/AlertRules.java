package dev.gantry.api.alerts;

import java.util.List;

/**
 * {@code GET/PUT /api/v1/alerts/rules}: the rules. A GET lists every rule in force (the built-in defaults
 * included, those turned off with {@code disabled}); a PUT replaces the custom rules (a rule named as a default
 * replaces it).
 */
public record AlertRules(List<AlertRule> rules) {
    public AlertRules {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }
}
