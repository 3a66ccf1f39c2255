package dev.gantry.server.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a series measures, and how 60 one-second values make one one-minute value: a mean for gauges,
 * a sum for counts, the highest for percentiles (the worst second of the minute: percentiles of
 * different seconds cannot be merged without their histograms) and for the restart counter.
 */
public enum Metric {
    /** CPU use, percent of one core (an app or release: the sum over its instances) */
    CPU(Rollup.MEAN),
    /** resident memory of the process tree, bytes (an app or release: the sum; a host: memory in use) */
    MEMORY(Rollup.MEAN),
    /** requests the routers forwarded in the step */
    REQUESTS(Rollup.SUM),
    /** of those, 5xx answers and connection failures */
    ERRORS(Rollup.SUM),
    /** latency percentiles of answered requests, milliseconds */
    P50(Rollup.MAX),
    P95(Rollup.MAX),
    P99(Rollup.MAX),
    /** restarts since the agent took the instance on (an app or release: the sum) */
    RESTARTS(Rollup.MAX),
    /** 1 when the instance is ready, else 0 (an app or release: how many of its instances are) */
    READY(Rollup.MEAN);

    static final int COUNT = values().length;

    final Rollup rollup;

    Metric(Rollup rollup) {
        this.rollup = rollup;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Metric parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("metric: is required, one of " + all());
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("metric: must be one of " + all() + ", was " + text);
        }
    }

    private static String all() {
        return Arrays.stream(values()).map(Metric::label).collect(Collectors.joining(", "));
    }

    enum Rollup {
        MEAN,
        SUM,
        MAX
    }
}
