package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrashPolicyTest {
    private final CrashPolicy policy = new CrashPolicy();
    private final Instant t0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void delaysDoubleFromOneSecondAndAreCappedAtThirtySeconds() {
        long[] seconds = new long[8];
        for (int i = 0; i < seconds.length; i++)
            seconds[i] =
                    policy.exited(t0.plus(Duration.ofMinutes(2L * i))).delay().toSeconds();

        assertThat(seconds).containsExactly(1, 2, 4, 8, 16, 30, 30, 30);
    }

    @Test
    void threeExitsWithinAMinuteAreACrashLoopRetriedAtTheCap() {
        assertThat(policy.exited(t0).crashLoop()).isFalse();
        assertThat(policy.exited(t0.plusSeconds(2)).crashLoop()).isFalse();
        CrashPolicy.Decision third = policy.exited(t0.plusSeconds(5));

        assertThat(third.crashLoop()).isTrue();
        assertThat(third.recentExits()).isEqualTo(3);
        assertThat(third.delay()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void exitsOlderThanAMinuteDoNotCountTowardsACrashLoop() {
        policy.exited(t0);
        policy.exited(t0.plusSeconds(30));

        assertThat(policy.exited(t0.plusSeconds(61)).crashLoop()).isFalse();
    }

    @Test
    void sixtySecondsOfReadinessResetTheBackoff() {
        policy.exited(t0);
        policy.exited(t0.plusSeconds(1));
        policy.readySince(t0.plusSeconds(5), t0.plusSeconds(64));
        assertThat(policy.exited(t0.plusSeconds(70)).delay()).isEqualTo(Duration.ofSeconds(4));

        policy.readySince(t0.plusSeconds(75), t0.plusSeconds(135));

        CrashPolicy.Decision next = policy.exited(t0.plusSeconds(136));
        assertThat(next.delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(next.crashLoop()).isFalse();
    }
}
