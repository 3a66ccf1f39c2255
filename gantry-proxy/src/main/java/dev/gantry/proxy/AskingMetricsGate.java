package dev.gantry.proxy;

import dev.gantry.api.archive.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MetricsGate} that asks someone (the control plane: may this bearer read metrics?) on a virtual thread,
 * never on the event loop, and keeps the answer by the bearer's SHA-256: an allowed bearer for
 * {@link #ALLOWED_MILLIS}, a refused one for {@link #REFUSED_MILLIS}. A kept answer past its time is still given
 * while it is asked again (so a scraper every 15 s never sees a 503 once it was let in); a bearer never asked
 * gets {@link Verdict#CHECKING} until the first answer. At most {@link #MAX_KEPT} answers are kept, so made-up
 * bearers cannot grow it; at most {@link #MAX_ASKING} questions are open at once, further new bearers are refused.
 */
public final class AskingMetricsGate implements MetricsGate {
    static final long ALLOWED_MILLIS = 60_000;
    static final long REFUSED_MILLIS = 5_000;
    static final int MAX_KEPT = 1_000;
    static final int MAX_ASKING = 16;

    private static final Logger log = LoggerFactory.getLogger(AskingMetricsGate.class);
    private final Predicate<String> ask;
    private final Clock clock;
    private final boolean loopbackTrusted;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Boolean> asking = new ConcurrentHashMap<>();

    /**
     * @param ask             whether a bearer may read metrics; may block (it runs on a virtual thread); an
     *                        exception counts as no
     * @param loopbackTrusted whether clients on loopback read without a credential
     */
    public AskingMetricsGate(Predicate<String> ask, Clock clock, boolean loopbackTrusted) {
        if (ask == null) throw new IllegalArgumentException("ask: must not be null");
        this.ask = ask;
        this.clock = clock;
        this.loopbackTrusted = loopbackTrusted;
    }

    @Override
    public Verdict check(String bearer) {
        String digest = Digest.sha256(bearer.getBytes(StandardCharsets.UTF_8));
        Answer a = answers.get(digest);
        if (a != null) {
            if (clock.millis() >= a.until()) askLater(digest, bearer);
            return a.allowed() ? Verdict.ALLOW : Verdict.DENY;
        }
        return askLater(digest, bearer) ? Verdict.CHECKING : Verdict.DENY;
    }

    @Override
    public boolean loopbackTrusted() {
        return loopbackTrusted;
    }

    /** Starts asking about {@code bearer} unless that is under way; false when too many questions are open. */
    private boolean askLater(String digest, String bearer) {
        if (asking.containsKey(digest)) return true;
        if (asking.size() >= MAX_ASKING) return false;
        if (asking.putIfAbsent(digest, Boolean.TRUE) != null) return true;
        Thread.ofVirtual().name("gantry-metrics-gate").start(() -> {
            boolean allowed;
            try {
                allowed = ask.test(bearer);
            } catch (RuntimeException e) {
                log.warn("could not check a metrics credential: {}", e.toString());
                allowed = false;
            }
            if (answers.size() >= MAX_KEPT) answers.clear();
            answers.put(digest, new Answer(allowed, clock.millis() + (allowed ? ALLOWED_MILLIS : REFUSED_MILLIS)));
            asking.remove(digest);
        });
        return true;
    }

    private record Answer(boolean allowed, long until) {}
}
