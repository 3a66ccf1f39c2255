package dev.gantry.agent;

import dev.gantry.api.AgentReport;
import dev.gantry.api.DesiredState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Passes desired state and reports through to another control plane but refuses every artifact fetch. */
final class FetchRefusingControlPlane implements ControlPlane {
    private final ControlPlane delegate;
    private final AtomicInteger attempts = new AtomicInteger();

    FetchRefusingControlPlane(ControlPlane delegate) {
        this.delegate = delegate;
    }

    int attempts() {
        return attempts.get();
    }

    @Override
    public DesiredState desired(String host) throws IOException {
        return delegate.desired(host);
    }

    @Override
    public void report(AgentReport report) throws IOException {
        delegate.report(report);
    }

    @Override
    public void downloadArtifact(String app, int release, Path file) throws IOException {
        attempts.incrementAndGet();
        throw new IOException("artifact store is down");
    }
}
