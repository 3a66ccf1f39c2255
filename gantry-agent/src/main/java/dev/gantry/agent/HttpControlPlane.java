package dev.gantry.agent;

import dev.gantry.api.AgentReport;
import dev.gantry.api.DesiredState;
import dev.gantry.api.client.ControlPlaneClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The control plane over HTTP, through the one {@link ControlPlaneClient}: GET desired state, POST
 * reports, GET release artifacts (tar.gz). Failures are IOExceptions naming method and URL (a
 * refused answer is a {@code ProblemException} carrying the server's problem).
 */
public final class HttpControlPlane implements ControlPlane {
    /**
     * How long a desired-state or artifact call keeps retrying: short, because the reconcile loop
     * asks again anyway and instances keep running meanwhile.
     */
    static final Duration RETRY_FOR = Duration.ofSeconds(2);

    private final ControlPlaneClient client;

    public HttpControlPlane(ControlPlaneClient client) {
        this.client = client;
    }

    /** A client of the control plane at {@code serverUrl} with the agent's settings and the given credential. */
    public static ControlPlaneClient.Builder clientFor(
            java.net.URI serverUrl, java.util.function.Supplier<String> credential) {
        return ControlPlaneClient.builder(serverUrl)
                .credential(credential)
                .retryFor(RETRY_FOR)
                .requestTimeout(Duration.ofSeconds(10));
    }

    @Override
    public DesiredState desired(String host) throws IOException {
        return client.get("/api/v1/agents/" + ControlPlaneClient.segment(host) + "/desired", DesiredState.class);
    }

    @Override
    public void report(AgentReport report) throws IOException {
        client.post("/api/v1/agents/" + ControlPlaneClient.segment(report.host()) + "/report", report, Void.class);
    }

    @Override
    public void downloadArtifact(String app, int release, Path file) throws IOException {
        client.download("/api/v1/apps/" + ControlPlaneClient.segment(app) + "/releases/" + release + "/artifact", file);
    }

    /** Asks the control plane's Prometheus target list with {@code bearer}: a 200 means it may read metrics. */
    @Override
    public boolean readsMetrics(String bearer) {
        try (ControlPlaneClient asker = client.newBuilder()
                .token(bearer)
                .retryFor(java.time.Duration.ZERO)
                .build()) {
            return asker.exchange("GET", "/api/v1/prometheus/targets", null, null)
                            .status()
                    == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
