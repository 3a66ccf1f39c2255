package dev.gantry.server.dashboard;

import java.util.List;

/**
 * One alert on the dashboard (the {@code alert} event).
 *
 * @param app      the app it is about; null for a host's
 * @param instance the one instance breaching it, when there is one; see {@code subjects}
 * @param host     the host it is about; null for an app's
 * @param state    pending, firing or resolved
 * @param since    epoch millis it started pending (or fired)
 * @param value    the worst value measured
 * @param silenced a silence of its app holds
 * @param subjects every instance (or the app, the host) breaching it
 */
public record AlertCard(
        String rule,
        String app,
        String instance,
        String host,
        String severity,
        String state,
        long since,
        double value,
        boolean silenced,
        List<String> subjects) {}
