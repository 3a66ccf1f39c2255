package dev.gantry.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Instance logs at {@code dataDir/logs/{app}/{instanceId}.log}; they outlive both instance and agent. */
final class LogFiles {
  private final Path root;

  LogFiles(Path dataDir) {
    this.root = dataDir.resolve("logs");
  }

  Path file(String app, String instanceId) {
    return root.resolve(app).resolve(instanceId + ".log");
  }

  /** The log of an instance id under any app, if one was ever written. */
  Optional<Path> find(String instanceId) {
    if (!Files.isDirectory(root) || instanceId.contains("/") || instanceId.startsWith(".")) return Optional.empty();
    try (Stream<Path> apps = Files.list(root)) {
      return apps.map(app -> app.resolve(instanceId + ".log")).filter(Files::isRegularFile).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
