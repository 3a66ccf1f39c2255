package dev.gantry.api.alerts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gantry.api.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One alert rule: when {@code metric} at {@code scope} compares to {@code threshold} for {@code for}, an
 * alert fires and is told through {@code routes} (names of {@link NotifyRoute}s; none: every route).
 * Validated on construction: each problem names the field ({@code rules[cpu-high].for: ...}).
 *
 * @param comparison {@code above} or {@code below}
 * @param holdFor    how long the condition must hold before the alert fires ({@code 30s}; {@code 0s}: at once)
 * @param severity   {@code info}, {@code warning} or {@code critical}
 * @param disabled   true turns the rule off (a built-in default is turned off by a disabled rule of its name)
 */
public record AlertRule(
        String name,
        String metric,
        String scope,
        String comparison,
        double threshold,
        @JsonProperty("for") String holdFor,
        String severity,
        Map<String, String> labels,
        List<String> routes,
        boolean disabled) {
    static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

    public AlertRule {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_.-]{0,62}"))
            throw new IllegalArgumentException(
                    "name: must be 1-63 lower-case letters, digits, '.', '_' or '-', was " + name);
        String at = "rules[" + name + "].";
        Metric m;
        try {
            m = Metric.parse(metric);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + "metric: " + e.getMessage());
        }
        Metric.Scope s;
        try {
            s = scope == null ? m.scopes().stream().sorted().findFirst().orElseThrow() : Metric.Scope.parse(scope);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + "scope: " + e.getMessage());
        }
        if (!m.scopes().contains(s))
            throw new IllegalArgumentException(at + "scope: metric " + m.text() + " is measured per "
                    + m.scopes().stream().map(Metric.Scope::text).sorted().toList() + ", was " + s.text());
        scope = s.text();
        comparison = comparison == null ? "above" : comparison;
        if (!comparison.equals("above") && !comparison.equals("below"))
            throw new IllegalArgumentException(at + "comparison: must be above or below, was " + comparison);
        if (!Double.isFinite(threshold))
            throw new IllegalArgumentException(at + "threshold: must be a number, was " + threshold);
        holdFor = holdFor == null ? "0s" : holdFor;
        try {
            Durations.parse(holdFor);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + "for: " + e.getMessage());
        }
        severity = severity == null ? "warning" : severity;
        if (!SEVERITIES.contains(severity))
            throw new IllegalArgumentException(at + "severity: must be info, warning or critical, was " + severity);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    @JsonIgnore
    public Metric metricKind() {
        return Metric.parse(metric);
    }

    @JsonIgnore
    public Metric.Scope scopeKind() {
        return Metric.Scope.parse(scope);
    }

    @JsonIgnore
    public Duration holdDuration() {
        return Durations.parse(holdFor);
    }

    /** True when {@code value} meets the condition. */
    public boolean breached(double value) {
        return comparison.equals("above") ? value > threshold : value < threshold;
    }

    /** The same rule turned off. */
    public AlertRule off() {
        return new AlertRule(name, metric, scope, comparison, threshold, holdFor, severity, labels, routes, true);
    }

    /**
     * The built-in rules: instance CPU and memory above 50% for 30 s, instance down for 30 s, an app's 5xx rate
     * above 5% for a minute, a canary aborted, a host silent for 15 s. Each is turned off by a disabled rule of its
     * name.
     */
    public static List<AlertRule> defaults() {
        return List.of(
                rule("instance-cpu", Metric.CPU, Metric.Scope.INSTANCE, 50, "30s", "warning"),
                rule("instance-memory", Metric.MEMORY, Metric.Scope.INSTANCE, 50, "30s", "warning"),
                rule("instance-down", Metric.INSTANCE_DOWN, Metric.Scope.INSTANCE, 0, "30s", "critical"),
                rule("app-errors", Metric.ERROR_RATE, Metric.Scope.APP, 5, "1m", "critical"),
                rule("canary-aborted", Metric.CANARY_ABORTED, Metric.Scope.APP, 0, "0s", "warning"),
                rule("host-down", Metric.HOST_DOWN, Metric.Scope.HOST, 0, "0s", "critical"));
    }

    private static AlertRule rule(String name, Metric m, Metric.Scope s, double above, String hold, String severity) {
        return new AlertRule(name, m.text(), s.text(), "above", above, hold, severity, Map.of(), List.of(), false);
    }
}
