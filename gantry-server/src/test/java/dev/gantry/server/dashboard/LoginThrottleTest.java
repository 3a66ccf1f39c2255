package dev.gantry.server.dashboard;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.server.ManualClock;
import dev.gantry.server.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void tenWrongTokensInAMinuteLockTheAddressOutUntilTheFirstOfThemIsAMinuteOld() {
        for (int i = 0; i < LoginThrottle.FAILURES; i++) {
            assertThatCode(() -> throttle.check("10.0.0.9")).doesNotThrowAnyException();
            throttle.failed("10.0.0.9");
            clock.advance(Duration.ofSeconds(1));
        }

        assertThatThrownBy(() -> throttle.check("10.0.0.9"))
                .isInstanceOf(ApiException.class)
                .hasMessage("too many wrong tokens from 10.0.0.9: try again in 50s");
        assertThatCode(() -> throttle.check("10.0.0.10")).doesNotThrowAnyException();
        clock.advance(Duration.ofSeconds(50));
        assertThatCode(() -> throttle.check("10.0.0.9")).doesNotThrowAnyException();
    }
}
