package dev.gantry.server.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Strategy;
import org.junit.jupiter.api.Test;

/** The rolling limits as values: each step, and whole updates walked for many limits and sizes. */
class RollingBatchTest {
    @Test
    void surgeOneUnavailableZeroStartsOneThenDrainsOneAsToday() {
        Strategy.Rolling limits = Strategy.DEFAULT;
        assertThat(RollingBatch.next(limits, 3, 3, 0, false)).isEqualTo(new RollingBatch(1, 0));
        assertThat(RollingBatch.next(limits, 3, 3, 1, true)).isEqualTo(new RollingBatch(0, 1));
        assertThat(RollingBatch.next(limits, 3, 2, 1, false)).isEqualTo(new RollingBatch(1, 0));
        assertThat(RollingBatch.next(limits, 3, 0, 3, false)).isEqualTo(RollingBatch.DONE);
    }

    @Test
    void surgeTwoStartsTwoAtATimeAndUnavailableOneWithoutSurgeDrainsOneFirst() {
        assertThat(RollingBatch.next(new Strategy.Rolling(2, 0), 3, 3, 0, false))
                .isEqualTo(new RollingBatch(2, 0));
        assertThat(RollingBatch.next(new Strategy.Rolling(2, 0), 3, 3, 2, true)).isEqualTo(new RollingBatch(0, 2));
        assertThat(RollingBatch.next(new Strategy.Rolling(0, 1), 3, 3, 0, false))
                .isEqualTo(new RollingBatch(0, 1));
        assertThat(RollingBatch.next(new Strategy.Rolling(0, 1), 3, 2, 0, false))
                .isEqualTo(new RollingBatch(1, 0));
    }

    @Test
    void everyUpdateStaysWithinItsLimitsAndEndsWithTheTargetAllNew() {
        for (int target = 1; target <= 6; target++) {
            for (int old = 0; old <= 7; old++) {
                for (int surge = 0; surge <= 3; surge++) {
                    for (int unavailable = 0; unavailable <= 3; unavailable++) {
                        if (surge + unavailable > 0) walk(new Strategy.Rolling(surge, unavailable), target, old);
                    }
                }
            }
        }
    }

    /** Applies each step as the engine does (starts become READY, drains go) and checks the counts after each. */
    private static void walk(Strategy.Rolling limits, int target, int old) {
        int fresh = 0;
        boolean afterStart = false;
        String what = limits + " target " + target + " old " + old;
        for (int step = 0; step < 100; step++) {
            RollingBatch next = RollingBatch.next(limits, target, old, fresh, afterStart);
            if (next.done()) {
                assertThat(fresh).as(what).isEqualTo(target);
                assertThat(old).as(what).isZero();
                return;
            }
            assertThat(old + fresh + next.start())
                    .as(what + ": at most target + maxSurge exist")
                    .isLessThanOrEqualTo(Math.max(old + fresh, target + limits.maxSurge()));
            assertThat(old + fresh - next.drain())
                    .as(what + ": at least target - maxUnavailable serve")
                    .isGreaterThanOrEqualTo(Math.min(old + fresh, target - limits.maxUnavailable()));
            fresh += next.start();
            old -= next.drain();
            afterStart = next.start() > 0;
        }
        throw new AssertionError(what + ": did not end in 100 steps");
    }
}
