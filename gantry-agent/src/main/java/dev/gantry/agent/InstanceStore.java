package dev.gantry.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code dataDir/instances.json}: the instances with a live process, rewritten atomically on every change. */
final class InstanceStore {
    private static final Logger log = LoggerFactory.getLogger(InstanceStore.class);
    static final ObjectMapper JSON = Json.mapper();

    private final Path file;

    InstanceStore(Path dataDir) {
        this.file = dataDir.resolve("instances.json");
    }

    List<InstanceRecord> load() {
        if (!Files.exists(file)) return List.of();
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<InstanceRecord>>() {});
        } catch (IOException e) {
            log.warn("ignoring unreadable instance file file={} error={}", file, e.getMessage());
            return List.of();
        }
    }

    void save(List<InstanceRecord> records) {
        writeAtomically(file, records);
    }

    /** Writes {@code value} as JSON into a file only the agent can read (it holds the instances' environment). */
    static void writeAtomically(Path target, Object value) {
        try {
            Path temp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), value);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target, e);
        }
    }
}
