package dev.gantry.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FaultsTest {
    @Test
    void anEnvironmentWithoutTheSettingsHasNoFaults() {
        assertThat(Faults.fromEnvironment(Map.of())).isEqualTo(Faults.NONE);
        assertThat(Faults.fromEnvironment(Map.of("HELLO_DELAY_MS", " ", "HELLO_ERROR_PERCENT", "")))
                .isEqualTo(Faults.NONE);
        assertThat(Faults.NONE.describe()).isEmpty();
    }

    @Test
    void theSettingsAreRead() {
        Faults f = Faults.fromEnvironment(
                Map.of("HELLO_DELAY_MS", "200", "HELLO_DELAY_JITTER_MS", "50", "HELLO_ERROR_PERCENT", "2.5"));

        assertThat(f).isEqualTo(new Faults(200, 50, 2.5));
        assertThat(f.describe()).isEqualTo(" with faults: delay 200ms + up to 50ms, errors 2.5%");
        assertThat(Faults.fromEnvironment(Map.of("HELLO_ERROR_PERCENT", "5%")).errorPercent())
                .isEqualTo(5);
        assertThat(Faults.fromEnvironment(Map.of("HELLO_ERROR_PERCENT", "5")).describe())
                .isEqualTo(" with faults: delay 0ms, errors 5%");
    }

    @Test
    void theJitterAddsUpToItsValueAtRandom() {
        Faults f = new Faults(100, 20, 0);
        SplittableRandom random = new SplittableRandom(7);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) seen.add(f.delayMillis(random));

        assertThat(seen).allMatch(d -> d >= 100 && d <= 120).contains(100L, 120L);
        assertThat(new Faults(100, 0, 0).delayMillis(random)).isEqualTo(100);
    }

    @Test
    void noRequestFailsAtZeroAndEveryOneAtAHundred() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            assertThat(new Faults(0, 0, 0).fails(random)).isFalse();
            assertThat(new Faults(0, 0, 100).fails(random)).isTrue();
        }
    }

    @Test
    void aBadValueNamesTheVariable() {
        assertThatThrownBy(() -> Faults.fromEnvironment(Map.of("HELLO_DELAY_MS", "slow")))
                .hasMessage("HELLO_DELAY_MS must be a whole number of milliseconds 0..60000, was 'slow'");
        assertThatThrownBy(() -> Faults.fromEnvironment(Map.of("HELLO_DELAY_MS", "-5")))
                .hasMessage("HELLO_DELAY_MS must be a whole number of milliseconds 0..60000, was '-5'");
        assertThatThrownBy(() -> Faults.fromEnvironment(Map.of("HELLO_DELAY_MS", "200ms")))
                .hasMessage("HELLO_DELAY_MS must be a whole number of milliseconds 0..60000, was '200ms'");
        assertThatThrownBy(() -> Faults.fromEnvironment(Map.of("HELLO_DELAY_JITTER_MS", "60001")))
                .hasMessage("HELLO_DELAY_JITTER_MS must be a whole number of milliseconds 0..60000, was '60001'");
        assertThatThrownBy(() -> Faults.fromEnvironment(Map.of("HELLO_ERROR_PERCENT", "150")))
                .hasMessage("HELLO_ERROR_PERCENT must be a percent 0..100 such as 5 or 2.5, was '150'");
        assertThatThrownBy(() -> Faults.fromEnvironment(Map.of("HELLO_ERROR_PERCENT", "-1")))
                .hasMessage("HELLO_ERROR_PERCENT must be a percent 0..100 such as 5 or 2.5, was '-1'");
        assertThatThrownBy(() -> Faults.fromEnvironment(Map.of("HELLO_ERROR_PERCENT", "0.05.1")))
                .hasMessage("HELLO_ERROR_PERCENT must be a percent 0..100 such as 5 or 2.5, was '0.05.1'");
    }
}
