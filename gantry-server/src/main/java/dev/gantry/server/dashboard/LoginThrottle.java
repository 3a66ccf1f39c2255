package dev.gantry.server.dashboard;

import dev.gantry.server.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing tokens at the login: an address that sent {@value #FAILURES} wrong tokens within
 * {@link #WINDOW} gets 401 without its token being looked at until the oldest of them leaves the window. Tokens
 * are 256 random bits, so this bounds the noise and the Redis lookups, not the odds. Counted per control plane,
 * in memory, for at most {@value #ADDRESSES} addresses.
 */
final class LoginThrottle {
    static final int FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int ADDRESSES = 10_000;
    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** 401 when {@code address} has used up its wrong tokens for now. */
    void check(String address) {
        Deque<Long> times = failures.get(address);
        if (times == null) return;
        long now = clock.millis();
        synchronized (times) {
            expire(times, now);
            if (times.size() < FAILURES) return;
            long wait = Math.max(1, (times.peekFirst() + WINDOW.toMillis() - now + 999) / 1000);
            throw new ApiException(401, "too many wrong tokens from " + address + ": try again in " + wait + "s");
        }
    }

    void failed(String address) {
        long now = clock.millis();
        if (failures.size() >= ADDRESSES) {
            failures.entrySet().removeIf(e -> stale(e.getValue(), now));
            if (failures.size() >= ADDRESSES) failures.clear(); // a flood from many addresses: start over
        }
        Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            expire(times, now);
            times.addLast(now);
            while (times.size() > FAILURES) times.removeFirst();
        }
    }

    private void expire(Deque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= WINDOW.toMillis()) times.removeFirst();
    }

    private boolean stale(Deque<Long> times, long now) {
        synchronized (times) {
            expire(times, now);
            return times.isEmpty();
        }
    }
}
