package dev.gantry.flags.openfeature.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fails loudly when shared/openfeature was not found, instead of letting the suite run zero scenarios. */
class ConformanceFeaturesPresentTest {
    @Test
    void theConformanceFeaturesAreOnTheTestClasspath() {
        for (String name : List.of("evaluation_v2", "metadata", "hooks", "contextMerging")) {
            assertThat(getClass().getResource("/openfeature/" + name + ".feature"))
                    .as(
                            "openfeature/%s.feature not found: the build copies it from %s/openfeature (set -Dgantry.shared=/path/to/shared)",
                            name, System.getProperty("gantry.shared"))
                    .isNotNull();
        }
    }
}
