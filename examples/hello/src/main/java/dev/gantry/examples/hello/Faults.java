package dev.gantry.examples.hello;

import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Faults hello injects on purpose, to show a canary being judged: added latency and a share of failed requests,
 * set from the environment. The health path is never affected, so a faulty instance stays READY and keeps its
 * share of traffic, as a real bad release would.
 *
 * <ul>
 *   <li>{@code HELLO_DELAY_MS}: milliseconds added to every request, 0..60000 (default 0).</li>
 *   <li>{@code HELLO_DELAY_JITTER_MS}: up to this many milliseconds more, uniform at random per request,
 *       0..60000 (default 0).</li>
 *   <li>{@code HELLO_ERROR_PERCENT}: the share of requests answered 500, drawn at random per request, 0..100,
 *       fractions allowed ({@code 2.5}), with or without {@code %} (default 0).</li>
 * </ul>
 *
 * @param delayMs      milliseconds added to every request
 * @param jitterMs     up to this many milliseconds more, at random
 * @param errorPercent percent of requests answered 500
 */
record Faults(long delayMs, long jitterMs, double errorPercent) {
    static final Faults NONE = new Faults(0, 0, 0);
    static final String DELAY = "HELLO_DELAY_MS";
    static final String JITTER = "HELLO_DELAY_JITTER_MS";
    static final String ERRORS = "HELLO_ERROR_PERCENT";
    static final long MAX_DELAY_MS = 60_000;
    private static final Pattern MILLIS = Pattern.compile("\\d{1,9}");
    private static final Pattern PERCENT = Pattern.compile("\\d{1,3}(\\.\\d{1,6})?%?");

    Faults {
        if (delayMs < 0 || delayMs > MAX_DELAY_MS)
            throw new IllegalArgumentException(
                    DELAY + " must be 0.." + MAX_DELAY_MS + " (milliseconds), was " + delayMs);
        if (jitterMs < 0 || jitterMs > MAX_DELAY_MS)
            throw new IllegalArgumentException(
                    JITTER + " must be 0.." + MAX_DELAY_MS + " (milliseconds), was " + jitterMs);
        if (!(errorPercent >= 0 && errorPercent <= 100))
            throw new IllegalArgumentException(ERRORS + " must be a percent 0..100, was " + errorPercent);
    }

    /** The faults an environment asks for; a bad value is an IllegalArgumentException naming the variable. */
    static Faults fromEnvironment(Map<String, String> env) {
        return new Faults(millis(env, DELAY), millis(env, JITTER), percent(env, ERRORS));
    }

    /** How long to hold the next request: the delay plus a uniform share of the jitter. */
    long delayMillis(RandomGenerator random) {
        return delayMs + (jitterMs == 0 ? 0 : random.nextLong(jitterMs + 1));
    }

    /** Whether the next request fails. */
    boolean fails(RandomGenerator random) {
        return errorPercent > 0 && random.nextDouble() * 100 < errorPercent;
    }

    /** The faults as the start-up line shows them; empty for none. */
    String describe() {
        if (equals(NONE)) return "";
        return " with faults: delay " + delayMs + "ms" + (jitterMs > 0 ? " + up to " + jitterMs + "ms" : "")
                + ", errors " + percentText() + "%";
    }

    private String percentText() {
        return errorPercent == Math.rint(errorPercent)
                ? Long.toString((long) errorPercent)
                : Double.toString(errorPercent);
    }

    private static long millis(Map<String, String> env, String name) {
        String v = value(env, name);
        if (v == null) return 0;
        if (!MILLIS.matcher(v).matches() || Long.parseLong(v) > MAX_DELAY_MS)
            throw new IllegalArgumentException(
                    name + " must be a whole number of milliseconds 0.." + MAX_DELAY_MS + ", was '" + v + "'");
        return Long.parseLong(v);
    }

    private static double percent(Map<String, String> env, String name) {
        String v = value(env, name);
        if (v == null) return 0;
        double p = PERCENT.matcher(v).matches() ? Double.parseDouble(v.replace("%", "")) : -1;
        if (!(p >= 0 && p <= 100))
            throw new IllegalArgumentException(name + " must be a percent 0..100 such as 5 or 2.5, was '" + v + "'");
        return p;
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
