package dev.gantry.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Which bearers may scrape the agent's {@code /metrics}: the control plane says ({@link ControlPlane#readsMetrics}),
 * and its answer is kept by the bearer's SHA-256 for {@link #ALLOWED_MILLIS} (so a revoked credential scrapes for
 * at most that long) or, refused, for {@link #REFUSED_MILLIS}. At most {@link #MAX_KEPT} answers are kept.
 */
final class MetricsReaders {
    static final long ALLOWED_MILLIS = 60_000;
    static final long REFUSED_MILLIS = 5_000;
    static final int MAX_KEPT = 1_000;
    private final Predicate<String> ask;
    private final Clock clock;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    MetricsReaders(Predicate<String> ask, Clock clock) {
        this.ask = ask;
        this.clock = clock;
    }

    boolean allows(String bearer) {
        String digest = sha256(bearer);
        long now = clock.millis();
        Answer a = answers.get(digest);
        if (a != null && now < a.until()) return a.allowed();
        boolean allowed = ask.test(bearer);
        if (answers.size() >= MAX_KEPT) answers.clear();
        answers.put(digest, new Answer(allowed, now + (allowed ? ALLOWED_MILLIS : REFUSED_MILLIS)));
        return allowed;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Answer(boolean allowed, long until) {}
}
