package dev.gantry.server.git;

import dev.gantry.api.archive.ArchiveLimits;
import dev.gantry.api.files.OwnerOnly;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A pushed commit's tree as the tar.gz an upload is ({@code gantry deploy} sends the same), so a push is built by
 * the one path an upload takes: unpacked within the upload limits (links that leave the tree refused, modes
 * cleaned), built, tested, packed, rolled out. Files keep git's two modes (0644, 0755); links stay links;
 * submodules are left out and named. Stops as soon as the tree passes the unpack limits, before the disk fills.
 */
final class CommitArchive {
    /** The archive written, and the submodule paths it left out. */
    record Written(Path file, List<String> submodules) {}

    private CommitArchive() {}

    static Written write(Repository repo, RevCommit commit, Path dir, ArchiveLimits limits) throws IOException {
        OwnerOnly.directories(dir);
        Path file = Files.createTempFile(dir, "push-", ".tar.gz");
        List<String> submodules = new ArrayList<>();
        try (OutputStream out = Files.newOutputStream(file);
                GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(new BufferedOutputStream(out));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip);
                TreeWalk walk = new TreeWalk(repo)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            long bytes = 0;
            int entries = 0;
            while (walk.next()) {
                FileMode mode = walk.getFileMode(0);
                if (mode == FileMode.GITLINK) {
                    submodules.add(walk.getPathString());
                    continue;
                }
                if (++entries > limits.maxEntries())
                    throw new IOException(
                            "the commit holds more than " + limits.maxEntries() + " files (the unpack limit)");
                ObjectLoader blob = repo.open(walk.getObjectId(0));
                bytes += blob.getSize();
                if (bytes > limits.maxBytes()) {
                    throw new IOException("the commit's files pass the " + ArchiveLimits.describe(limits.maxBytes())
                            + " unpack limit (gantry server --unpack-max-size)");
                }
                add(tar, walk.getPathString(), mode, blob, commit.getCommitTime() * 1000L);
            }
            tar.finish();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new Written(file, submodules);
    }

    private static void add(TarArchiveOutputStream tar, String path, FileMode mode, ObjectLoader blob, long time)
            throws IOException {
        TarArchiveEntry entry;
        if (mode == FileMode.SYMLINK) {
            entry = new TarArchiveEntry(path, TarConstants.LF_SYMLINK);
            entry.setLinkName(new String(blob.getCachedBytes(4096), StandardCharsets.UTF_8));
            entry.setMode(0120777);
        } else {
            entry = new TarArchiveEntry(path);
            entry.setSize(blob.getSize());
            entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | (mode == FileMode.EXECUTABLE_FILE ? 0755 : 0644));
        }
        entry.setModTime(time);
        tar.putArchiveEntry(entry);
        if (mode != FileMode.SYMLINK) blob.copyTo(tar);
        tar.closeArchiveEntry();
    }
}
