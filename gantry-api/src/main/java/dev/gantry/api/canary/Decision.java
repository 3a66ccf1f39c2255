package dev.gantry.api.canary;

/** What the judge says of a canary after a look: keep watching, send it to everyone, or take it out. */
public enum Decision {
    /** not enough evidence either way yet; never a failure */
    CONTINUE,
    /** the canary is no worse than stable, within the tolerances, at the configured error level */
    PROMOTE,
    /** the canary is worse than stable, at the configured error level */
    ROLLBACK
}
