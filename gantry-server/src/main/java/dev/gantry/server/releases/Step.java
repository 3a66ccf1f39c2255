package dev.gantry.server.releases;

/**
 * Where a deployment is in its work. Stored with it, with the instances the step waits for and its
 * deadline, so that a control plane started again resumes the step or fails it with this name.
 */
enum Step {
    /** the build command of gantry.yml runs */
    BUILDING,
    /** the test command of gantry.yml runs */
    TESTING,
    /** accepted; its first step comes next */
    QUEUED,
    /** new instances are placed; waiting for their agents to report them READY, until the health timeout */
    STARTING,
    /** the canary serves its share; the judge looks every interval until the step's pause and verdict allow the next */
    ANALYSING,
    /** instances get no new requests (weight 0); they are stopped when the drain delay is over */
    DRAINING,
    /** blue-green: every new instance is asked its verify path directly (not through the router), until a timeout */
    VERIFYING,
    /** blue-green with {@code manual}: the new set is ready and verified; waiting for {@code gantry promote}, no deadline */
    PROMOTION,
    /** undoing: old instances it had stopped are placed again; waiting for them to be READY */
    RESTORING,
    /** it has ended */
    DONE;

    boolean building() {
        return this == BUILDING || this == TESTING;
    }

    boolean awaitsReadiness() {
        return this == STARTING || this == RESTORING;
    }
}
