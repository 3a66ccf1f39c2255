package dev.gantry.proxy;

/** How a route chooses among its healthy backends. Both respect backend weights. */
public enum Balancer {
    /** Smooth weighted round robin: over any window, each backend gets its share of weight. */
    ROUND_ROBIN,
    /** Fewest in-flight requests relative to weight; ties rotate. */
    LEAST_OUTSTANDING
}
