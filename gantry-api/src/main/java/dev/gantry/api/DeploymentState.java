package dev.gantry.api;

/** Where a deployment (a deploy, rollback, scale, stop or app delete) stands. */
public enum DeploymentState {
    BUILDING,
    TESTING,
    ROLLING_OUT,
    SUCCEEDED,
    /** it stopped; its message says why, and the instances from before it keep serving */
    FAILED,
    /** someone cancelled it; the instances it started are gone, the ones from before it keep serving */
    CANCELLED;

    /** True when the deployment has ended. */
    public boolean done() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
