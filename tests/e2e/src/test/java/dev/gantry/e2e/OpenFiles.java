package dev.gantry.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What another user of the host could reach in a data directory: every file and directory under a
 * root (the root too) whose mode gives group or others anything, as {@code path mode}; symbolic links
 * are not followed. Release directories, which an instance's unprivileged account must read, may be
 * read and passed by group and others, never written.
 */
final class OpenFiles {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> READ_AND_PASS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_EXECUTE);

    private OpenFiles() {}

    /**
     * The paths under {@code root} open to group or others, except that paths under a directory of
     * {@code readable} (relative to {@code root}) may be read and passed.
     */
    static List<String> under(Path root, List<String> readable) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            return tree.filter(p -> !Files.isSymbolicLink(p))
                    .filter(p -> !allowed(root.relativize(p), permissions(p), readable))
                    .map(p -> "/" + root.relativize(p) + " " + PosixFilePermissions.toString(permissions(p)))
                    .toList();
        }
    }

    private static boolean allowed(Path relative, Set<PosixFilePermission> mode, List<String> readable) {
        Set<PosixFilePermission> open = EnumSet.copyOf(mode);
        open.retainAll(GROUP_OR_OTHERS);
        if (open.isEmpty()) return true;
        boolean inReadable = readable.stream().anyMatch(r -> relative.startsWith(r) && !relative.equals(Path.of(r)));
        return inReadable && READ_AND_PASS.containsAll(open);
    }

    private static Set<PosixFilePermission> permissions(Path p) {
        try {
            return Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
