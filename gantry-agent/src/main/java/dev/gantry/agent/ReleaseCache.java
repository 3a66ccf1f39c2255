package dev.gantry.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Release artifacts under {@code dataDir/releases/{app}/{release}/}, fetched once per (app, release). */
final class ReleaseCache {
  private static final Logger log = LoggerFactory.getLogger(ReleaseCache.class);

  private final Path root;
  private final ControlPlane controlPlane;
  private final Executor executor;
  private final Map<Path, CompletableFuture<Path>> fetches = new ConcurrentHashMap<>();

  ReleaseCache(Path dataDir, ControlPlane controlPlane, Executor executor) {
    this.root = dataDir.resolve("releases");
    this.controlPlane = controlPlane;
    this.executor = executor;
  }

  /** The release directory, fetched in the background if it is not here yet. A failed fetch is retried on the next call. */
  CompletableFuture<Path> prepare(String app, int release) {
    Path dir = root.resolve(app).resolve(Integer.toString(release));
    if (Files.isDirectory(dir)) return CompletableFuture.completedFuture(dir);
    CompletableFuture<Path> fetch = fetches.computeIfAbsent(dir, d -> CompletableFuture.supplyAsync(() -> fetch(app, release, d), executor));
    if (fetch.isCompletedExceptionally()) fetches.remove(dir, fetch);
    return fetch;
  }

  private Path fetch(String app, int release, Path dir) {
    try {
      Files.createDirectories(dir.getParent());
      log.info("fetching release app={} release={}", app, release);
      controlPlane.fetchArtifact(app, release, dir);
      if (!Files.isDirectory(dir)) throw new IOException("fetch left no directory at " + dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
