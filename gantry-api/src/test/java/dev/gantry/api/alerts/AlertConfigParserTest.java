package dev.gantry.api.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlertConfigParserTest {
    private static final String GOOD = """
            smtp: {host: smtp.example.com, port: 465, tls: implicit, from: gantry@example.com, user: alerts, passwordEnv: SMTP_PASSWORD}
            routes:
              - {name: ops, email: [ops@example.com, oncall@example.com]}
              - {name: pager, webhook: "https://hooks.example.com/gantry", secretEnv: HOOK_SECRET}
              - {name: log, log: true}
            rules:
              - {name: instance-cpu, disabled: true}
              - name: web-errors
                metric: error_rate
                scope: app
                above: 2
                for: 5m
                severity: critical
                labels: {team: web}
                routes: [pager]
            repeat: 1h
            """;

    @Test
    void readsSmtpRoutesRulesAndRepeat() {
        AlertConfig c = AlertConfigParser.parse(GOOD, "alerts.yml");
        assertThat(c.smtp().tls()).isEqualTo("implicit");
        assertThat(c.routes()).extracting(NotifyRoute::kind).containsExactly("email", "webhook", "log");
        assertThat(c.rules()).hasSize(2);
        assertThat(c.rules().get(0).disabled()).isTrue();
        assertThat(c.rules().get(0).metric()).isEqualTo("cpu");
        AlertRule errors = c.rules().get(1);
        assertThat(errors.threshold()).isEqualTo(2);
        assertThat(errors.holdDuration()).hasMinutes(5);
        assertThat(errors.labels()).containsEntry("team", "web");
        assertThat(c.repeatInterval()).hasHours(1);
        assertThat(AlertConfig.effective(c.rules()))
                .extracting(AlertRule::name)
                .contains(
                        "instance-cpu",
                        "instance-memory",
                        "instance-down",
                        "app-errors",
                        "canary-aborted",
                        "host-down",
                        "web-errors");
    }

    @Test
    void anUnknownMetricIsNamedWithItsLine() {
        assertThatThrownBy(() -> parse("rules:\n  - {name: x, metric: cpus, above: 50, for: 30s}\n"))
                .hasMessageContaining("rules[x].metric: unknown metric")
                .hasMessageContaining("was cpus (alerts.yml line 2)");
    }

    @Test
    void aNegativeOrUnitlessDurationIsNamed() {
        assertThatThrownBy(() -> parse("rules:\n  - name: x\n    metric: cpu\n    for: -5s\n"))
                .hasMessageContaining("rules[x].for: must be a duration")
                .hasMessageContaining("was -5s (alerts.yml line 4)");
        assertThatThrownBy(() -> parse("rules:\n  - {name: x, metric: cpu, for: 30}\n"))
                .hasMessageContaining("rules[x].for: must be a duration")
                .hasMessageContaining("was 30");
    }

    @Test
    void anInvalidEmailAddressIsNamed() {
        assertThatThrownBy(() -> parse(
                        "smtp: {host: h, port: 25, from: a@b.c}\nroutes:\n  - {name: ops, email: [ops.example.com]}\n"))
                .hasMessageContaining("routes[ops].email[0]: must be an address")
                .hasMessageContaining("was ops.example.com (alerts.yml line 3)");
    }

    @Test
    void aWebhookThatIsNotHttpIsNamed() {
        assertThatThrownBy(() -> parse("routes:\n  - {name: hook, webhook: 'ftp://hooks.example.com/x'}\n"))
                .hasMessageContaining("routes[hook].webhook: must be an http(s) URL, was ftp://hooks.example.com/x");
    }

    @Test
    void aRuleNamingAnUnknownRouteOrAnUnknownKeyIsNamed() {
        assertThatThrownBy(() -> parse("rules:\n  - {name: x, metric: cpu, routes: [nope]}\n"))
                .hasMessageContaining("rules[x].routes: unknown route nope");
        assertThatThrownBy(() -> parse("rules:\n  - {name: x, metric: cpu, treshold: 3}\n"))
                .hasMessageContaining("rules[0].treshold: unknown key")
                .hasMessageContaining("line 2");
    }

    @Test
    void aScopeTheMetricIsNotMeasuredAtIsNamed() {
        assertThatThrownBy(() -> parse("rules:\n  - {name: x, metric: host_down, scope: app}\n"))
                .hasMessageContaining("rules[x].scope: metric host_down is measured per [host], was app");
    }

    private static AlertConfig parse(String yaml) {
        return AlertConfigParser.parse(yaml, "alerts.yml");
    }
}
