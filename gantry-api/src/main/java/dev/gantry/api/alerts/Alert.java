package dev.gantry.api.alerts;

import java.util.List;

/**
 * One incident as the API lists it: a rule breached by a group (an app's instances, an app, a host).
 *
 * @param state    {@code pending}, {@code firing} or {@code resolved}
 * @param subjects the instances (or the app, the host) breaching the rule
 * @param value    the worst value measured, in the metric's unit
 * @param since    epoch millis when it started pending (or fired)
 * @param silenced true while a silence of its app holds
 */
public record Alert(
        String rule,
        String group,
        String state,
        String severity,
        List<String> subjects,
        double value,
        long since,
        long resolvedAt,
        boolean silenced) {}
