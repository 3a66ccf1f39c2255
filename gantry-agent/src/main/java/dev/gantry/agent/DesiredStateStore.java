package dev.gantry.agent;

import dev.gantry.api.DesiredState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code dataDir/desired.json}: the last desired state received, used while the control plane is unreachable. */
final class DesiredStateStore {
    private static final Logger log = LoggerFactory.getLogger(DesiredStateStore.class);

    private final Path file;

    DesiredStateStore(Path dataDir) {
        this.file = dataDir.resolve("desired.json");
    }

    Optional<DesiredState> load() {
        if (!Files.exists(file)) return Optional.empty();
        try {
            return Optional.of(InstanceStore.JSON.readValue(file.toFile(), DesiredState.class));
        } catch (IOException | IllegalArgumentException e) {
            log.warn("ignoring unreadable desired state file={} error={}", file, e.getMessage());
            return Optional.empty();
        }
    }

    void save(DesiredState state) {
        InstanceStore.writeAtomically(file, state);
    }
}
