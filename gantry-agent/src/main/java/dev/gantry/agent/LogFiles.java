package dev.gantry.agent;

import dev.gantry.api.AppSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instance logs at {@code dataDir/logs/{app}/{instanceId}.log} with their rotated copies; they outlive both
 * instance and agent. One lock for all of them, so a read never sees a rotation half done.
 */
final class LogFiles {
    private static final Logger log = LoggerFactory.getLogger(LogFiles.class);

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
            return apps.map(app -> app.resolve(instanceId + ".log"))
                    .filter(Files::isRegularFile)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Appends a timestamped {@code [gantry]} line: what the agent did to the instance, among the instance's output. */
    synchronized void note(String app, String instanceId, Instant at, String text) {
        try {
            new InstanceLog(file(app, instanceId)).append(InstanceLog.gantryLine(at, text));
        } catch (IOException e) {
            log.warn("cannot write to instance log instance={} error={}", instanceId, e.toString());
        }
    }

    /** Rotates the instance's log if it is over the size of {@code spec}. */
    synchronized void rotate(String app, String instanceId, AppSpec.LogSpec spec) {
        try {
            if (new InstanceLog(file(app, instanceId)).rotateIfOver(spec)) {
                log.debug(
                        "instance log rotated instance={} maxSize={} maxFiles={}",
                        instanceId,
                        spec.maxSize(),
                        spec.maxFiles());
            }
        } catch (IOException e) {
            log.warn("cannot rotate instance log instance={} error={}", instanceId, e.toString());
        }
    }

    /** Up to {@code max} bytes of an instance's log from {@code offset}, or its tail when the offset is negative. */
    synchronized Optional<InstanceLog.Chunk> read(String instanceId, long offset, int max) throws IOException {
        Optional<Path> file = find(instanceId);
        if (file.isEmpty()) return Optional.empty();
        InstanceLog instanceLog = new InstanceLog(file.get());
        return Optional.of(offset < 0 ? instanceLog.tail(max) : instanceLog.read(offset, max));
    }
}
