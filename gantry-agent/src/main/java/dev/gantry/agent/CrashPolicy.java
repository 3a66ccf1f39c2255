package dev.gantry.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When to restart an instance that exited: 1 s, 2 s, 4 s ... capped at 30 s; three or more exits within
 * 60 s is a crash loop, retried at the cap. The backoff resets once the instance has been ready for 60 s.
 */
final class CrashPolicy {
    static final Duration WINDOW = Duration.ofSeconds(60);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);
    static final int CRASH_LOOP_EXITS = 3;

    private final Deque<Instant> exits = new ArrayDeque<>();
    private int level;

    /** The restart decision after an exit at {@code now}. */
    Decision exited(Instant now) {
        exits.addLast(now);
        while (!exits.isEmpty() && exits.peekFirst().isBefore(now.minus(WINDOW))) exits.removeFirst();
        Duration delay = Duration.ofSeconds(1L << Math.min(level, 5));
        if (delay.compareTo(MAX_DELAY) > 0) delay = MAX_DELAY;
        level++;
        boolean crashLoop = exits.size() >= CRASH_LOOP_EXITS;
        return new Decision(crashLoop ? MAX_DELAY : delay, crashLoop, exits.size());
    }

    /** Called while the instance is ready; after 60 s of readiness the backoff starts over. */
    void readySince(Instant since, Instant now) {
        if (!since.plus(WINDOW).isAfter(now)) {
            level = 0;
            exits.clear();
        }
    }

    /**
     * @param delay      how long to wait before the next start
     * @param crashLoop  whether the instance is crash looping
     * @param recentExits exits within the last 60 s, this one included
     */
    record Decision(Duration delay, boolean crashLoop, int recentExits) {}
}
