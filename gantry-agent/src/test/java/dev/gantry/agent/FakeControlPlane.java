package dev.gantry.agent;

import dev.gantry.api.AgentReport;
import dev.gantry.api.DesiredState;
import dev.gantry.api.InstanceSpec;
import dev.gantry.api.archive.TarGz;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** An in-memory control plane: the test sets the desired state; artifacts are a test directory, packed. */
final class FakeControlPlane implements ControlPlane {
    /** The control-plane credential this fake says may read metrics. */
    static final String METRICS_TOKEN = "metrics-token";

    @Override
    public boolean readsMetrics(String bearer) {
        return METRICS_TOKEN.equals(bearer);
    }

    private final Path artifactSource;
    private final AtomicLong version = new AtomicLong();
    private final AtomicReference<DesiredState> desired = new AtomicReference<>();
    private final AtomicReference<AgentReport> lastReport = new AtomicReference<>();
    private final AtomicInteger desiredCalls = new AtomicInteger();
    private final AtomicInteger failedCalls = new AtomicInteger();
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile boolean unreachable;

    FakeControlPlane(Path artifactSource) {
        this.artifactSource = artifactSource;
    }

    void desire(String host, InstanceSpec... instances) {
        desired.set(new DesiredState(host, version.incrementAndGet(), List.of(instances)));
    }

    void unreachable(boolean value) {
        this.unreachable = value;
    }

    int failedCalls() {
        return failedCalls.get();
    }

    int desiredCalls() {
        return desiredCalls.get();
    }

    int fetches() {
        return fetches.get();
    }

    AgentReport lastReport() {
        return lastReport.get();
    }

    @Override
    public DesiredState desired(String host) throws IOException {
        refuseIfUnreachable();
        desiredCalls.incrementAndGet();
        DesiredState state = desired.get();
        return state != null ? state : new DesiredState(host, 0, List.of());
    }

    @Override
    public void report(AgentReport report) throws IOException {
        refuseIfUnreachable();
        lastReport.set(report);
    }

    @Override
    public void downloadArtifact(String app, int release, Path file) throws IOException {
        refuseIfUnreachable();
        fetches.incrementAndGet();
        TarGz.pack(artifactSource, file);
    }

    private void refuseIfUnreachable() throws IOException {
        if (unreachable) {
            failedCalls.incrementAndGet();
            throw new ConnectException("fake control plane is down");
        }
    }
}
