package dev.gantry.api.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The subject and body every notifier sends, for an app's, an instance's and a host's alert. */
class NotificationTest {
    @Test
    void aHostsAlertNamesTheHostAndNoApp() {
        Notification n = notification(null, "node2", List.of("node2"), Map.of("node2", 1.0));
        assertThat(n.subject()).isEqualTo("[FIRING] host-down: host node2");
        assertThat(n.text()).contains("host-down").doesNotContain("app:");
    }

    @Test
    void anInstancesAlertNamesTheAppAndTheInstances() {
        Notification one = notification("web", null, List.of("web-r1-ab12"), Map.of("web-r1-ab12", 93.0));
        assertThat(one.subject()).isEqualTo("[FIRING] host-down: app web, instance web-r1-ab12");
        Notification two = notification("web", null, List.of("web-r1-a", "web-r1-b"), Map.of());
        assertThat(two.subject()).isEqualTo("[FIRING] host-down: app web, instances web-r1-a, web-r1-b");
        assertThat(notification("web", null, List.of("web"), Map.of()).subject())
                .isEqualTo("[FIRING] host-down: app web");
    }

    private static Notification notification(String app, String host, List<String> subjects, Map<String, Double> v) {
        return new Notification(
                "host-down:x:1:firing",
                "firing",
                "host-down",
                "critical",
                "host_down",
                "above",
                0.5,
                app,
                host,
                subjects,
                v,
                Map.of(),
                0,
                "http://cp.test:7070/");
    }
}
