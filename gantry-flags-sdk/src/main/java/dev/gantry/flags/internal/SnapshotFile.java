package dev.gantry.flags.internal;

import dev.gantry.flags.FlagJson;
import dev.gantry.flags.FlagSet;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;

/**
 * The last-known-good snapshot on disk, with the id of the store it came from, written to a temp
 * file and moved into place atomically.
 */
public final class SnapshotFile {
    private final Path path;

    /** What the file holds; {@code storeId} is null in files written before store ids. */
    public record Contents(FlagSet flags, String storeId) {}

    public SnapshotFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The stored snapshot, or null when there is none; a corrupt file throws with its path in the message. */
    public Contents read() throws IOException {
        if (!Files.exists(path)) return null;
        try {
            var s = FlagJson.read(Files.readString(path), StreamMessages.Snapshot.class);
            return new Contents(FlagSet.of(s.version(), s.flags(), s.segments()), s.storeId());
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    /** @param storeId the store {@code set} came from, or null when unknown */
    public void write(FlagSet set, String storeId) throws IOException {
        var data = new StreamMessages.Snapshot(
                set.version(),
                storeId,
                new ArrayList<>(set.flags().values()),
                new ArrayList<>(set.segments().values()));
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, FlagJson.write(data));
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
