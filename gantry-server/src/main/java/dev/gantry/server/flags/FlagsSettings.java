package dev.gantry.server.flags;

import java.time.Duration;

/**
 * Tunables of the flags feature, validated on construction.
 *
 * @param logLength       changes kept in Redis for reconnecting SDKs (older ones get a snapshot)
 * @param historyLength   audit entries kept per flag and per segment
 * @param recentChanges   changes also kept in memory to serve reconnects without Redis
 * @param maxQueuedFrames frames a stream may fall behind before it is dropped (it reconnects)
 * @param pingEvery       SSE comment interval that keeps idle streams (and proxies) alive
 */
public record FlagsSettings(
        int logLength, int historyLength, int recentChanges, int maxQueuedFrames, Duration pingEvery) {
    public FlagsSettings {
        if (logLength < 1) throw new IllegalArgumentException("logLength: must be >= 1, was " + logLength);
        if (historyLength < 1) throw new IllegalArgumentException("historyLength: must be >= 1, was " + historyLength);
        if (recentChanges < 0) throw new IllegalArgumentException("recentChanges: must be >= 0, was " + recentChanges);
        if (maxQueuedFrames < 2)
            throw new IllegalArgumentException("maxQueuedFrames: must be >= 2, was " + maxQueuedFrames);
        if (pingEvery == null || pingEvery.isNegative() || pingEvery.isZero())
            throw new IllegalArgumentException("pingEvery: must be > 0");
    }

    public static FlagsSettings defaults() {
        return new FlagsSettings(10_000, 1_000, 1_024, 1_024, Duration.ofSeconds(15));
    }

    public FlagsSettings withLogLength(int n) {
        return new FlagsSettings(n, historyLength, recentChanges, maxQueuedFrames, pingEvery);
    }

    public FlagsSettings withRecentChanges(int n) {
        return new FlagsSettings(logLength, historyLength, n, maxQueuedFrames, pingEvery);
    }
}
