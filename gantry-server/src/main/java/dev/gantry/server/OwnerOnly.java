package dev.gantry.server;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories only their owner can read: directories 0700, files 0600, given those
 * permissions when they are created (never created open and tightened afterwards). On a file
 * system without POSIX permissions they are created with its defaults.
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    /**
     * Creates {@code dir} and its missing parents 0700; an existing {@code dir} is set to 0700 (a data
     * directory made by an earlier version), its existing parents are left alone.
     */
    public static Path directory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            if (posix()) Files.setPosixFilePermissions(dir, DIRECTORY);
            return dir;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) directory(parent);
        Files.createDirectory(dir, attributes(DIRECTORY));
        return dir;
    }

    /**
     * Writes {@code text} to {@code file} atomically: into a 0600 temporary file beside it, then moved
     * over it, so that no reader sees it half written and it is never readable by others.
     */
    public static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, attributes(FILE));
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
        return posix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }
}
