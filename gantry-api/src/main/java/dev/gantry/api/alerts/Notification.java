package dev.gantry.api.alerts;

import java.util.List;
import java.util.Map;

/**
 * What a notifier sends, the JSON body of a webhook.
 *
 * @param id         the incident's id, with the transition: {@code <incident>:firing}
 * @param transition {@code firing}, {@code resolved}, {@code repeat} or {@code test}
 * @param app        the app, null for a host's alert
 * @param subjects   the instances (or app, or host) concerned
 * @param values     the value measured for each subject, in the metric's unit
 * @param dashboard  the control plane's dashboard URL
 */
public record Notification(
        String id,
        String transition,
        String rule,
        String severity,
        String metric,
        String comparison,
        double threshold,
        String app,
        String host,
        List<String> subjects,
        Map<String, Double> values,
        Map<String, String> labels,
        long time,
        String dashboard) {
    /** The email subject: {@code [FIRING] instance-cpu: app web, instance web-3-ab12}. */
    public String subject() {
        String what = app != null ? "app " + app : "host " + host;
        boolean itself = subjects.size() == 1
                && (subjects.getFirst().equals(app) || subjects.getFirst().equals(host));
        String who = subjects.isEmpty() || itself
                ? ""
                : (subjects.size() == 1 ? ", instance " : ", instances ") + String.join(", ", subjects);
        return "[" + transition.toUpperCase(java.util.Locale.ROOT) + "] " + rule + ": " + what + who;
    }

    /** The plain-text body: the values and the dashboard link. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(subject()).append("\n\n");
        b.append("rule:      ")
                .append(rule)
                .append(" (")
                .append(metric)
                .append(' ')
                .append(comparison)
                .append(' ');
        b.append(threshold).append(")\nseverity:  ").append(severity).append('\n');
        if (app != null) b.append("app:       ").append(app).append('\n');
        if (host != null) b.append("host:      ").append(host).append('\n');
        values.forEach((k, v) -> b.append("value:     ")
                .append(k)
                .append(" = ")
                .append(String.format(java.util.Locale.ROOT, "%.1f", v))
                .append('\n'));
        labels.forEach((k, v) ->
                b.append("label:     ").append(k).append('=').append(v).append('\n'));
        b.append("time:      ").append(java.time.Instant.ofEpochMilli(time)).append('\n');
        b.append("\nDashboard: ").append(dashboard).append('\n');
        return b.toString();
    }
}
