package dev.gantry.agent;

import dev.gantry.api.AgentReport;
import dev.gantry.api.DesiredState;
import java.io.IOException;
import java.nio.file.Path;

/** How the agent talks to the control plane. Every method may fail with IOException when it is unreachable. */
public interface ControlPlane {
    /** What {@code host} should run now. */
    DesiredState desired(String host) throws IOException;

    /** Tells the control plane what runs on this host. */
    void report(AgentReport report) throws IOException;

    /** Writes the artifact (a tar.gz) of release {@code release} of {@code app} to {@code file}, replacing it. */
    void downloadArtifact(String app, int release, Path file) throws IOException;

    /**
     * Whether {@code bearer} is a control-plane credential that may read metrics (the {@code metrics} role, or
     * a reader): the agent's {@code /metrics} asks before it answers a scraper. False when it cannot tell.
     */
    default boolean readsMetrics(String bearer) {
        return false;
    }
}
