package dev.gantry.agent;

import dev.gantry.api.AgentReport;
import dev.gantry.api.DesiredState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Passes desired state and reports through to another control plane but refuses every artifact fetch. */
final class FetchRefusingControlPlane implements ControlPlane {
    private final ControlPlane delegate;
    private final AtomicInteger attempts = new AtomicInteger();
    private final Supplier<IOException> refusal;

    FetchRefusingControlPlane(ControlPlane delegate) {
        this(delegate, () -> new IOException("artifact store is down"));
    }

    /** Refuses every fetch with the exception {@code refusal} makes. */
    FetchRefusingControlPlane(ControlPlane delegate, Supplier<IOException> refusal) {
        this.delegate = delegate;
        this.refusal = refusal;
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
        throw refusal.get();
    }
}
