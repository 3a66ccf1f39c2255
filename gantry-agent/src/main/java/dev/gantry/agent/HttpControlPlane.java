package dev.gantry.agent;

import dev.gantry.api.AgentReport;
import dev.gantry.api.DesiredState;
import dev.gantry.api.archive.ArchiveLimits;
import dev.gantry.api.archive.TarGz;
import dev.gantry.api.client.ControlPlaneClient;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
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
    public void fetchArtifact(String app, int release, Path destDir) throws IOException {
        if (Files.exists(destDir))
            throw new FileAlreadyExistsException(destDir.toString(), null, "destDir must not exist yet");
        Path parent = destDir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path archive = Files.createTempFile(parent, "." + destDir.getFileName() + "-", ".tar.gz");
        try {
            client.download(
                    "/api/v1/apps/" + ControlPlaneClient.segment(app) + "/releases/" + release + "/artifact", archive);
            TarGz.unpack(archive, destDir, ArchiveLimits.DEFAULT);
        } finally {
            Files.deleteIfExists(archive);
        }
    }
}
