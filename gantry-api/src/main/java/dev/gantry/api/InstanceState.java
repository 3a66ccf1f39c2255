package dev.gantry.api;

/** Lifecycle of an instance as its agent sees it. Only READY instances are routable. */
public enum InstanceState {
    /** placed by the control plane; its agent has not reported it yet (only in the control plane's views) */
    PENDING,
    /** fetching the release artifact */
    PREPARING,
    /** process started, health path not yet answering 2xx */
    STARTING,
    /** health path answers 2xx: routable */
    READY,
    /** was ready, health checks now fail */
    UNHEALTHY,
    /** exited; waiting out the restart backoff */
    BACKOFF,
    /** killed by its memory limit (the cgroup's OOM killer); waiting out the restart backoff, as BACKOFF */
    OOM,
    /** exited repeatedly in a short time; still retried, with the longest backoff */
    CRASH_LOOP,
    /** SIGTERM sent, waiting for exit */
    STOPPING,
    /** could not be started at all (artifact missing, bad command) */
    FAILED
}
