package dev.gantry.proxy;

import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The router as the robustness corpus expects it: one route for {@link #HOST} to a
 * {@link RecordingBackend}, bodies up to 1 MiB, headers up to 16 KiB, health probes rare.
 */
final class RobustnessRig implements AutoCloseable {
    static final String HOST = "shop.localhost";
    static final long MAX_BODY_BYTES = 1024 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;

    final RecordingBackend backend;
    final Router router;

    private RobustnessRig(RecordingBackend backend, Router router) {
        this.backend = backend;
        this.router = router;
    }

    /** A new backend on an ephemeral port and a router on another. */
    static RobustnessRig start() throws IOException, InterruptedException {
        return start(new RecordingBackend(), 0);
    }

    static RobustnessRig start(RecordingBackend backend, int routerPort) throws IOException, InterruptedException {
        Router router = Router.builder()
                .bindAddress("127.0.0.1")
                .port(routerPort)
                .ioThreads(1)
                .maxHeaderBytes(MAX_HEADER_BYTES)
                .maxBodyBytes(MAX_BODY_BYTES)
                .healthInterval(Duration.ofMinutes(10))
                .build()
                .start();
        router.update(new RouteTable(
                1, List.of(new Route("web", HOST, "/", RecordingBackend.HEALTH_PATH, List.of(backend.backend())))));
        return new RobustnessRig(backend, router);
    }

    RobustnessProbe probe() {
        return new RobustnessProbe(router.port(), backend);
    }

    @Override
    public void close() {
        router.close();
        backend.close();
    }
}
