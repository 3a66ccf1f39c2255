package dev.gantry.proxy;

import java.util.List;
import java.util.Optional;

/** A snapshot of every backend in the current table, and of the client connections. */
public record RouterStats(List<BackendStats> backends, Connections connections) {
    public RouterStats {
        backends = List.copyOf(backends);
    }

    /**
     * Client connections: open now, and since start those refused over a limit (503), requests
     * refused as malformed (4xx/5xx of the router's own), and connections ended by each timeout.
     */
    public record Connections(
            int open,
            long rejectedRouterFull,
            long rejectedClientFull,
            long badRequests,
            long headerTimeouts,
            long bodyTimeouts,
            long sendTimeouts,
            long idleCloses,
            long tlsHandshakeFailures) {}

    public Optional<BackendStats> backend(String backendId) {
        return backends.stream().filter(b -> b.backendId().equals(backendId)).findFirst();
    }

    public long totalRequests() {
        return backends.stream().mapToLong(BackendStats::requests).sum();
    }
}
