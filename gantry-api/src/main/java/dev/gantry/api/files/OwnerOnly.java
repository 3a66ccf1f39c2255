package dev.gantry.api.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files and directories only their owner can use: directories 0700, files 0600, given those
 * permissions when they are created (never created open and tightened afterwards, which leaves a
 * window). The control plane and the agent keep everything in their data directories so. On a file
 * system without POSIX permissions they are created with its defaults.
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = PosixFilePermissions.fromString("---rwxrwx");

    private OwnerOnly() {}

    /** Creates {@code dir} and its missing parents 0700; existing ones are left as they are. */
    public static Path directories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return dir;
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) directories(parent);
        try {
            Files.createDirectory(dir, attributes(DIRECTORY));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) throw e;
        }
        return dir;
    }

    /** As {@link #directories}, and an existing {@code dir} (made by an earlier version) is set to 0700 too. */
    public static Path directory(Path dir) throws IOException {
        if (Files.isDirectory(dir) && posix()) Files.setPosixFilePermissions(dir, DIRECTORY);
        return directories(dir);
    }

    /** Creates {@code file} empty and 0600 unless it exists; writing to it afterwards keeps its mode. */
    public static Path file(Path file) throws IOException {
        try {
            Files.createFile(file, attributes(FILE));
        } catch (FileAlreadyExistsException e) {
            // kept as it is
        }
        return file;
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

    /** Takes every permission of group and others away from {@code root} and everything under it; links are not followed. */
    public static void restrict(Path root) throws IOException {
        if (!posix()) return;
        try (Stream<Path> tree = Files.walk(root)) {
            tree.filter(p -> !Files.isSymbolicLink(p)).forEach(OwnerOnly::restrictOne);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** The attributes that create a file or directory with {@code permissions} (none without POSIX). */
    public static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
        return posix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    private static void restrictOne(Path p) {
        try {
            Set<PosixFilePermission> mode = EnumSet.copyOf(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
            if (mode.removeAll(GROUP_AND_OTHERS)) Files.setPosixFilePermissions(p, mode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
