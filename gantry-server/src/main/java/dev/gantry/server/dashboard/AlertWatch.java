package dev.gantry.server.dashboard;

import dev.gantry.api.alerts.Alert;
import dev.gantry.api.alerts.AlertRule;
import dev.gantry.api.alerts.Metric;
import dev.gantry.server.alerts.Alerts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts as the dashboard shows them, read from {@link Alerts} (which has no listener: it is asked once a
 * second). A rule's scope says whether its group is an app or a host.
 */
final class AlertWatch {
    private final Alerts alerts;

    AlertWatch(Alerts alerts) {
        this.alerts = alerts;
    }

    List<AlertCard> poll() {
        Map<String, Metric.Scope> scopes = new HashMap<>();
        for (AlertRule r : alerts.rules()) scopes.put(r.name(), r.scopeKind());
        return alerts.alerts().stream().map(a -> card(a, scopes.get(a.rule()))).toList();
    }

    static AlertCard card(Alert a, Metric.Scope scope) {
        boolean host = scope == Metric.Scope.HOST;
        String instance = scope == Metric.Scope.INSTANCE && a.subjects().size() == 1
                ? a.subjects().getFirst()
                : null;
        return new AlertCard(
                a.rule(),
                host ? null : a.group(),
                instance,
                host ? a.group() : null,
                a.severity(),
                a.state(),
                a.since(),
                a.value(),
                a.silenced(),
                a.subjects());
    }
}
