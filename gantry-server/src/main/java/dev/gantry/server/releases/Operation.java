package dev.gantry.server.releases;

/** What a deployment does; one runs per app at a time. */
enum Operation {
    /** build an upload into a new release and roll it out */
    DEPLOY,
    /** roll an earlier release out again, without a rebuild */
    ROLLBACK,
    /** start or retire instances of the live release */
    SCALE,
    /** drain and stop every instance */
    STOP,
    /** drain and stop every instance, then remove the app, its route, releases and artifacts */
    DELETE;

    String verb() {
        return name().toLowerCase();
    }
}
