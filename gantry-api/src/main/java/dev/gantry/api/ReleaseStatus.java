package dev.gantry.api;

/** Where a release stands. Only a READY release that is not pruned can go live or be rolled back to. */
public enum ReleaseStatus {
    /** its build or test command runs */
    BUILDING,
    /** built, tested and packed: its artifact can be deployed */
    READY,
    /** its build, test or packing failed, or its rollout failed or was cancelled; the release message says why */
    FAILED
}
