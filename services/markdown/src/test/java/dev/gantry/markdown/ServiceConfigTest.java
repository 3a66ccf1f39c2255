package dev.gantry.markdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {
    @Test
    void emptyEnvironmentGivesTheDefaults() {
        assertThat(ServiceConfig.fromEnv(Map.of())).isEqualTo(ServiceConfig.defaults());
        assertThat(ServiceConfig.defaults().maxBodyBytes()).isEqualTo(1 << 20);
    }

    @Test
    void portAndBodyLimitAreReadFromTheEnvironment() {
        ServiceConfig c = ServiceConfig.fromEnv(Map.of("PORT", "9090", "MARKDOWN_MAX_BODY", "2048"));
        assertThat(c.port()).isEqualTo(9090);
        assertThat(c.maxBodyBytes()).isEqualTo(2048);
    }

    @Test
    void invalidValuesAreRejectedNamingTheVariable() {
        assertThatThrownBy(() -> ServiceConfig.fromEnv(Map.of("PORT", "eighty")))
                .hasMessage("PORT must be an integer, was 'eighty'");
        assertThatThrownBy(() -> ServiceConfig.fromEnv(Map.of("MARKDOWN_MAX_BODY", "0")))
                .hasMessage("MARKDOWN_MAX_BODY must be >= 1 byte, was 0");
    }
}
