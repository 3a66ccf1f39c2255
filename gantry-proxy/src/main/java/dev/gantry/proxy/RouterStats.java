package dev.gantry.proxy;

import java.util.List;
import java.util.Optional;

/** A snapshot of every backend in the current table, of the canary splits in force, and of the client connections. */
public record RouterStats(List<BackendStats> backends, Connections connections, List<Canary> canaries) {
    public RouterStats {
        backends = List.copyOf(backends);
        canaries = List.copyOf(canaries);
    }

    /**
     * A canary split in force: the canary's release, the split's weight, the share it gets now (0 once
     * tripped) and whether the router tripped it (an error burst).
     */
    public record Canary(String app, int release, int weight, int share, boolean tripped) {}

    /**
     * Client connections: open now, and since start those refused over a limit (503), requests
     * refused as malformed (4xx/5xx of the router's own), connections ended by each timeout, and the 404s (no
     * route) and 503s (no healthy backend) the router answered itself.
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
            long tlsHandshakeFailures,
            long noRoute,
            long noBackend) {}

    public Optional<BackendStats> backend(String backendId) {
        return backends.stream().filter(b -> b.backendId().equals(backendId)).findFirst();
    }

    public long totalRequests() {
        return backends.stream().mapToLong(BackendStats::requests).sum();
    }
}
