package dev.gantry.flags.internal;

import dev.gantry.flags.FlagJson;
import dev.gantry.flags.FlagSet;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;

/** The last-known-good snapshot on disk, written to a temp file and moved into place atomically. */
public final class SnapshotFile {
  private final Path path;

  public SnapshotFile(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  /** The stored snapshot, or null when there is none; a corrupt file throws with its path in the message. */
  public FlagSet read() throws IOException {
    if (!Files.exists(path)) return null;
    try {
      var s = FlagJson.read(Files.readString(path), StreamMessages.Snapshot.class);
      return FlagSet.of(s.version(), s.flags(), s.segments());
    } catch (IllegalArgumentException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
  }

  public void write(FlagSet set) throws IOException {
    var data = new StreamMessages.Snapshot(set.version(), new ArrayList<>(set.flags().values()),
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
