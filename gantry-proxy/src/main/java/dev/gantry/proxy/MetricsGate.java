package dev.gantry.proxy;

/**
 * Who may read the router's {@code /_gantry/metrics}. The router is an internet edge and its metrics name every
 * app, release and backend address, so they are not for anyone: a client on loopback reads them (unless that peer
 * is a trusted proxy, which speaks for clients elsewhere, or {@link #loopbackTrusted()} says no), any other client
 * needs {@code Authorization: Bearer} with a credential the gate accepts. The gate is asked on the router's event
 * loop and must answer at once: one that has to ask someone else answers {@link Verdict#CHECKING} meanwhile (the
 * client gets a 503 with {@code Retry-After}), as {@link AskingMetricsGate} does.
 */
public interface MetricsGate {
    /** Only clients on loopback read the metrics. */
    MetricsGate LOOPBACK_ONLY = bearer -> Verdict.DENY;

    /** What the gate says of one bearer. */
    enum Verdict {
        ALLOW,
        DENY,
        /** not known yet: being checked; ask again shortly */
        CHECKING
    }

    /** What the gate says of {@code bearer} (never null, never blank); must not block. */
    Verdict check(String bearer);

    /** Whether a client on loopback reads the metrics without a credential. */
    default boolean loopbackTrusted() {
        return true;
    }
}
