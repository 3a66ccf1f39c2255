package dev.gantry.flags.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SemverTest {
    private static int compare(String a, String b) {
        return Integer.signum(Semver.parse(a).compareTo(Semver.parse(b)));
    }

    @Test
    void comparesNumericallyNotAsText() {
        assertThat(compare("1.10.0", "1.9.0")).isEqualTo(1);
        assertThat(compare("v2.0.0", "2.0.0")).isZero();
        assertThat(compare("2.0.0+build.5", "2.0.0")).isZero();
    }

    @Test
    void ordersPrereleasesAsTheSpecificationSays() {
        String[] ordered = {
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0"
        };
        for (int i = 0; i + 1 < ordered.length; i++)
            assertThat(compare(ordered[i], ordered[i + 1])).isEqualTo(-1);
    }

    @Test
    void rejectsTextThatIsNotAVersion() {
        assertThat(Semver.parse("1.2")).isNull();
        assertThat(Semver.parse("1.2.x")).isNull();
        assertThat(Semver.parse("1.2.3-")).isNull();
    }
}
