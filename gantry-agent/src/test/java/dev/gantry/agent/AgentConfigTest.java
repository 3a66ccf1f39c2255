package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
    @Test
    void theBuilderFillsInTheDefaults() {
        AgentConfig config =
                AgentConfig.builder("host-1", Path.of("/var/lib/gantry"), "t").build();

        assertThat(config.address()).isEqualTo("127.0.0.1");
        assertThat(config.portFrom()).isEqualTo(20000);
        assertThat(config.portTo()).isEqualTo(29999);
        assertThat(config.httpPort()).isEqualTo(7071);
        assertThat(config.reconcileInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.healthTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.keepReleases()).isEqualTo(10);
        assertThat(config.instanceUser()).isEqualTo("gantry-app");
        assertThat(config.agentUrl(7071)).isEqualTo("http://127.0.0.1:7071");
    }

    @Test
    void invalidValuesAreRejectedNamingTheField() {
        Path dir = Path.of("/tmp/x");
        assertThatThrownBy(() -> AgentConfig.builder(" ", dir, "t").build()).hasMessage("host: must not be blank");
        assertThatThrownBy(() -> AgentConfig.builder("h", dir, "").build()).hasMessage("token: must not be blank");
        assertThatThrownBy(() ->
                        AgentConfig.builder("h", dir, "t").ports(30000, 20000).build())
                .hasMessage("portTo: must be portFrom..65535, was 20000");
        assertThatThrownBy(() -> AgentConfig.builder("h", dir, "t").ports(0, 10).build())
                .hasMessage("portFrom: must be 1..65535, was 0");
        assertThatThrownBy(
                        () -> AgentConfig.builder("h", dir, "t").httpPort(70000).build())
                .hasMessage("httpPort: must be 0..65535, was 70000");
        assertThatThrownBy(() -> AgentConfig.builder("h", dir, "t")
                        .reconcileInterval(Duration.ZERO)
                        .build())
                .hasMessage("reconcileInterval: must be > 0, was PT0S");
        assertThatThrownBy(() -> AgentConfig.builder("h", null, "t").build()).hasMessage("dataDir: must not be null");
        assertThatThrownBy(
                        () -> AgentConfig.builder("h", dir, "t").keepReleases(0).build())
                .hasMessage("keepReleases: must be >= 1, was 0");
        assertThatThrownBy(() ->
                        AgentConfig.builder("h", dir, "t").instanceUser("root").build())
                .hasMessage("instanceUser: must not be root: instances never run as root");
        assertThatThrownBy(() -> AgentConfig.builder("h", dir, "t")
                        .instanceUser("App User")
                        .build())
                .hasMessageStartingWith("instanceUser: must be an account name");
        assertThatThrownBy(() -> AgentConfig.builder("h", dir, "t")
                        .apps(java.util.List.of("markdown", "Hello World"))
                        .build())
                .hasMessage(
                        "apps: must be lowercase letters, digits and dashes, starting with a letter, was Hello World");
        assertThat(AgentConfig.builder("h", dir, "t").build().apps()).isEmpty();
    }
}
