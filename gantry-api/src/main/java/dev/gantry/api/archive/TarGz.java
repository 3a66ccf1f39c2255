package dev.gantry.api.archive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Gzip-compressed tar archives of app directories, packed and unpacked in process (Apache Commons Compress), never
 * with the system {@code tar}: the CLI packs what it uploads, the control plane unpacks uploads and packs built
 * releases, agents unpack those artifacts.
 *
 * <p>Unpacking refuses what an app directory never needs and an attacker would: absolute paths, {@code ..}, links
 * that lead outside the target, entries written through a link, device nodes and fifos; it drops setuid, setgid and
 * sticky bits and keeps no owner; it stops at the {@link ArchiveLimits}.
 */
public final class TarGz {
    private TarGz() {}

    /** Packs {@code dir}'s files, directories and symlinks (links kept as links) with their modes into {@code archive}. */
    public static void pack(Path dir, Path archive) throws IOException {
        pack(dir, archive, Set.of());
    }

    /** As {@link #pack(Path, Path)}, leaving out the top-level entries named in {@code skip} (e.g. {@code .git}). */
    public static void pack(Path dir, Path archive, Set<String> skip) throws IOException {
        if (!Files.isDirectory(dir)) throw new java.nio.file.NotDirectoryException(dir.toString());
        try (OutputStream file = Files.newOutputStream(archive);
                GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(new BufferedOutputStream(file));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path child : children(dir)) {
                if (!skip.contains(child.getFileName().toString())) add(tar, dir, child);
            }
            tar.finish();
        }
    }

    /**
     * Unpacks {@code archive} into {@code target}, which must not exist yet: into a temp directory beside it, moved into
     * place once every entry passed, so a refused archive leaves nothing behind.
     *
     * @throws ArchiveException naming the entry or the limit when the archive is refused or unreadable
     */
    public static void unpack(Path archive, Path target, ArchiveLimits limits) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS))
            throw new FileAlreadyExistsException(target.toString(), null, "the target must not exist yet");
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempDirectory(parent, "." + target.getFileName() + "-unpack-");
        try {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024)) {
                new Unpacker(temp, limits).unpack(in);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(temp);
        }
    }

    /** Deletes {@code root} and everything under it, links as links; nothing when it does not exist. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** The permission bits of a mode (setuid, setgid and sticky are not among them). */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((mode & bit(p)) != 0) perms.add(p);
        }
        return perms;
    }

    static int mode(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) mode |= bit(p);
        return mode;
    }

    private static int bit(PosixFilePermission p) {
        return 1 << (8 - p.ordinal()); // OWNER_READ is 0400 ... OTHERS_EXECUTE 01
    }

    private static void add(TarArchiveOutputStream tar, Path root, Path path) throws IOException {
        PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String name = root.relativize(path).toString().replace(java.io.File.separatorChar, '/');
        TarArchiveEntry entry;
        if (a.isSymbolicLink()) {
            entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(path).toString());
            entry.setMode(0120777);
        } else if (a.isDirectory()) {
            entry = new TarArchiveEntry(name + "/");
            entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | mode(a.permissions()));
        } else if (a.isRegularFile()) {
            entry = new TarArchiveEntry(name);
            entry.setSize(a.size());
            entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode(a.permissions()));
        } else {
            return; // sockets, fifos and devices are no part of an app
        }
        entry.setModTime(a.lastModifiedTime());
        tar.putArchiveEntry(entry);
        if (a.isRegularFile()) Files.copy(path, tar);
        tar.closeArchiveEntry();
        if (a.isDirectory()) {
            for (Path child : children(path)) add(tar, root, child);
        }
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
