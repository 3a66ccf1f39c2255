package dev.gantry.api.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** One unpacking of a tar.gz into a fresh directory, entry by entry, refusing the first entry or limit that fails. */
final class Unpacker {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    /** The most a GNU long name or link, or a pax header, may hold: names are at most 4 KiB on Linux. */
    static final long MAX_HEADER_DATA = 1L << 20;

    private final Path root;
    private final ArchiveLimits limits;
    private final long deadline;
    private final Map<Path, Integer> directoryModes = new LinkedHashMap<>();
    private final byte[] buffer = new byte[64 * 1024];
    private GzipCompressorInputStream gzip;
    private long bytes;
    private int entries;

    Unpacker(Path root, ArchiveLimits limits) {
        this.root = root;
        this.limits = limits;
        this.deadline = System.nanoTime() + limits.timeout().toNanos();
    }

    void unpack(InputStream in) throws IOException {
        try {
            gzip = new GzipCompressorInputStream(in, true);
        } catch (IOException e) {
            throw new ArchiveException("not a gzip-compressed tar archive: " + e.getMessage(), e);
        }
        try (TarArchiveInputStream tar = new HeaderLimitedTar(gzip)) {
            for (TarArchiveEntry e = next(tar); e != null; e = next(tar)) entry(tar, e);
        }
        checkLinks();
        applyDirectoryModes();
    }

    private TarArchiveEntry next(TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (ArchiveException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String after = entries == 0 ? "" : " after " + entries + " entries";
            throw new ArchiveException("not a readable tar.gz archive" + after + ": " + e.getMessage(), e);
        }
    }

    private void entry(TarArchiveInputStream tar, TarArchiveEntry e) throws IOException {
        String name = e.getName();
        if (++entries > limits.maxEntries()) {
            throw new ArchiveException(
                    "archive has more than the limit of " + limits.maxEntries() + " entries at entry '" + name + "'");
        }
        if (!isRegular(e) && e.getSize() > 0) {
            // data a link or directory declares is never written, but reading on decompresses it to skip it
            if (e.getSize() > limits.maxBytes() - bytes) throw expandsPast(name);
            bytes += e.getSize();
        }
        checkExpansion(name);
        List<String> segments = segments(name);
        if (segments.isEmpty()) return; // the root itself: it keeps the mode of a fresh private directory
        Path dest = parentsOf(name, segments).resolve(segments.getLast());
        if (e.isSymbolicLink()) symlink(e, dest);
        else if (e.isLink()) hardLink(e, dest);
        else if (e.isDirectory()) directory(e, dest);
        else if (e.isCharacterDevice()) throw refused(name, "a character device; only files, directories and links");
        else if (e.isBlockDevice()) throw refused(name, "a block device; only files, directories and links");
        else if (e.isFIFO()) throw refused(name, "a fifo; only files, directories and links");
        else if (e.isSparse()) throw refused(name, "a sparse file; pack it without --sparse");
        else if (isRegular(e)) file(tar, e, dest);
        else throw refused(name, "unsupported entry type '" + (char) e.getLinkFlag() + "'");
    }

    private static boolean isRegular(TarArchiveEntry e) {
        byte flag = e.getLinkFlag();
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
    }

    private void file(TarArchiveInputStream tar, TarArchiveEntry e, Path dest) throws IOException {
        String name = e.getName();
        if (e.getSize() > limits.maxBytes() - bytes) throw expandsPast(name);
        replaceable(name, dest);
        try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int n; (n = tar.read(buffer)) > 0; ) {
                bytes += n;
                if (bytes > limits.maxBytes()) throw expandsPast(name);
                checkExpansion(name);
                out.write(buffer, 0, n);
            }
        }
        Files.setPosixFilePermissions(dest, TarGz.permissions(e.getMode()));
        Files.setLastModifiedTime(dest, e.getLastModifiedTime());
    }

    private void directory(TarArchiveEntry e, Path dest) throws IOException {
        if (Files.isSymbolicLink(dest) || Files.exists(dest, NOFOLLOW) && !Files.isDirectory(dest, NOFOLLOW))
            throw refused(e.getName(), "a directory where the archive already put a file or link");
        if (!Files.exists(dest, NOFOLLOW)) Files.createDirectory(dest);
        directoryModes.put(
                dest, e.getMode() | 0700); // writable by us until the end, setuid, setgid, sticky dropped below
    }

    private void symlink(TarArchiveEntry e, Path dest) throws IOException {
        String target = e.getLinkName();
        if (target == null || target.isEmpty() || target.indexOf('\0') >= 0)
            throw refused(e.getName(), "symlink without a target");
        Path lexical;
        try {
            lexical = dest.getParent().resolve(target).normalize();
        } catch (InvalidPathException x) {
            throw refused(e.getName(), "symlink target '" + target + "' is not a path");
        }
        if (target.startsWith("/") || !lexical.startsWith(root))
            throw refused(e.getName(), "symlink target '" + target + "' is outside the target");
        replaceable(e.getName(), dest);
        Files.createSymbolicLink(dest, Path.of(target));
    }

    private void hardLink(TarArchiveEntry e, Path dest) throws IOException {
        String target = e.getLinkName() == null ? "" : e.getLinkName();
        List<String> segments;
        try {
            segments = segments(target);
        } catch (ArchiveException x) {
            throw refused(e.getName(), "hard link target '" + target + "' is outside the target");
        }
        if (segments.isEmpty()) throw refused(e.getName(), "hard link without a target");
        Path existing = root.resolve(String.join("/", segments));
        for (Path p = existing.getParent(); !p.equals(root); p = p.getParent()) {
            if (!Files.isDirectory(p, NOFOLLOW))
                throw refused(e.getName(), "hard link target '" + target + "' is not a file in the archive");
        }
        if (!Files.isRegularFile(existing, NOFOLLOW))
            throw refused(e.getName(), "hard link target '" + target + "' is not a file in the archive");
        replaceable(e.getName(), dest);
        Files.createLink(dest, existing);
    }

    /** Refuses an entry whose path is absolute or climbs with {@code ..}; its segments, without {@code .}. */
    private static List<String> segments(String name) throws ArchiveException {
        if (name.startsWith("/")) throw refused(name, "absolute path");
        if (name.indexOf('\0') >= 0) throw refused(name, "NUL in the path");
        List<String> segments = new ArrayList<>();
        for (String s : name.split("/")) {
            if (s.equals("..")) throw refused(name, "path escapes the target");
            if (!s.isEmpty() && !s.equals(".")) segments.add(s);
        }
        return segments;
    }

    /** The entry's parent directory, created as needed; refused when one of them is a link or a file. */
    private Path parentsOf(String name, List<String> segments) throws IOException {
        Path dir = root;
        for (String s : segments.subList(0, segments.size() - 1)) {
            try {
                dir = dir.resolve(s);
            } catch (InvalidPathException e) {
                throw refused(name, "not a valid path");
            }
            if (Files.isSymbolicLink(dir))
                throw refused(name, "path goes through the symlink '" + root.relativize(dir) + "'");
            if (!Files.exists(dir, NOFOLLOW)) Files.createDirectory(dir);
            else if (!Files.isDirectory(dir, NOFOLLOW))
                throw refused(name, "path goes through the file '" + root.relativize(dir) + "'");
        }
        try {
            return dir.resolve(segments.getLast()).getParent();
        } catch (InvalidPathException e) {
            throw refused(name, "not a valid path");
        }
    }

    /** A later entry of the same name replaces a file or link, as tar does; never a directory. */
    private void replaceable(String name, Path dest) throws IOException {
        if (!Files.exists(dest, NOFOLLOW)) return;
        if (Files.isDirectory(dest, NOFOLLOW)) throw refused(name, "would replace a directory");
        Files.delete(dest);
    }

    private void checkExpansion(String name) throws IOException {
        if (Thread.interrupted())
            throw new InterruptedIOException("interrupted while unpacking at entry '" + name + "'");
        long out = gzip.getUncompressedCount();
        if (out > ArchiveLimits.RATIO_FLOOR && out / Math.max(1, gzip.getCompressedCount()) > limits.maxRatio()) {
            throw new ArchiveException("archive expands more than " + limits.maxRatio()
                    + " times its compressed size (the ratio limit) at entry '" + name + "'");
        }
        if (System.nanoTime() - deadline > 0) {
            throw new ArchiveException("archive took longer than the "
                    + limits.timeout().toSeconds() + " s limit to unpack at entry '" + name + "'");
        }
    }

    /** Every symlink, followed through the final tree link by link, must stay inside it (a chain can climb out). */
    private void checkLinks() throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path link : tree.filter(Files::isSymbolicLink).toList()) {
                if (!LinkWalk.staysInside(root, link)) {
                    throw refused(
                            root.relativize(link).toString(),
                            "symlink '" + Files.readSymbolicLink(link)
                                    + "' leads outside the target through other links");
                }
            }
        }
    }

    private void applyDirectoryModes() throws IOException {
        List<Path> dirs = new ArrayList<>(directoryModes.keySet());
        for (Path dir : dirs.reversed()) Files.setPosixFilePermissions(dir, TarGz.permissions(directoryModes.get(dir)));
    }

    private ArchiveException expandsPast(String name) {
        return new ArchiveException("archive expands past the " + ArchiveLimits.describe(limits.maxBytes())
                + " limit at entry '" + name + "'");
    }

    private static ArchiveException refused(String name, String why) {
        return new ArchiveException("entry '" + name + "': " + why);
    }

    /**
     * Commons Compress reads a GNU long name or link, or a pax header, whole into memory before the entry it names: a
     * header that declares a gibibyte would be held as one. Their data is refused past {@link #MAX_HEADER_DATA}.
     */
    private static final class HeaderLimitedTar extends TarArchiveInputStream {
        HeaderLimitedTar(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] buf, int offset, int length) throws IOException {
            TarArchiveEntry e = getCurrentEntry();
            if (e != null
                    && e.getSize() > MAX_HEADER_DATA
                    && (e.isGNULongNameEntry() || e.isGNULongLinkEntry() || e.isPaxHeader() || e.isGlobalPaxHeader())) {
                throw new ArchiveException("archive has a long name or pax header of " + e.getSize()
                        + " bytes, over the limit of " + ArchiveLimits.describe(MAX_HEADER_DATA));
            }
            return super.read(buf, offset, length);
        }
    }
}
