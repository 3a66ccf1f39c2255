package dev.gantry.flags.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** Exponential reconnect delays with jitter: attempt n waits between half and all of min(max, initial * 2^n). */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero())
            throw new IllegalArgumentException("initial backoff: must be > 0");
        if (max.compareTo(initial) < 0) throw new IllegalArgumentException("max backoff: must be >= initial");
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    public Duration delay(int attempt) {
        long ceiling = initialMillis << Math.min(attempt, 30);
        long base = ceiling <= 0 || ceiling > maxMillis ? maxMillis : ceiling;
        return Duration.ofMillis(base / 2 + random.nextLong(base / 2 + 1));
    }

    public Duration max() {
        return Duration.ofMillis(maxMillis);
    }
}
