package dev.gantry.proxy;

import java.util.List;
import java.util.Optional;

/** A snapshot of every backend in the current table. */
public record RouterStats(List<BackendStats> backends) {
  public RouterStats {
    backends = List.copyOf(backends);
  }

  public Optional<BackendStats> backend(String backendId) {
    return backends.stream().filter(b -> b.backendId().equals(backendId)).findFirst();
  }

  public long totalRequests() {
    return backends.stream().mapToLong(BackendStats::requests).sum();
  }
}
