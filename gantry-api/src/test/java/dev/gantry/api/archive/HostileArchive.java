package dev.gantry.api.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/** Writes a tar.gz entry by entry, including what {@link TarGz#pack} never writes: the archives an attacker sends. */
final class HostileArchive implements AutoCloseable {
    private final TarArchiveOutputStream tar;

    HostileArchive(Path file) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        GzipParameters gzip = new GzipParameters();
        gzip.setCompressionLevel(Deflater.BEST_SPEED);
        tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out, gzip));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    HostileArchive file(String name, String content) throws IOException {
        return file(name, content, 0644);
    }

    HostileArchive file(String name, String content, int mode) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true); // true: keep a leading '/'
        e.setSize(bytes.length);
        e.setMode(0100000 | mode);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
        return this;
    }

    /** A file of {@code size} zero bytes, streamed: nothing of that size is held in memory. */
    HostileArchive zeros(String name, long size) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        tar.putArchiveEntry(e);
        byte[] chunk = new byte[1 << 20];
        for (long left = size; left > 0; left -= chunk.length) tar.write(chunk, 0, (int) Math.min(chunk.length, left));
        tar.closeArchiveEntry();
        return this;
    }

    HostileArchive dir(String name, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        e.setMode(040000 | mode);
        return put(e);
    }

    HostileArchive symlink(String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        return put(e);
    }

    HostileArchive hardLink(String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
        e.setLinkName(target);
        return put(e);
    }

    /** An entry of a type with no content: a device ({@link TarConstants#LF_CHR}, {@code LF_BLK}) or {@code LF_FIFO}. */
    HostileArchive special(String name, byte type) throws IOException {
        return put(new TarArchiveEntry(name, type));
    }

    private HostileArchive put(TarArchiveEntry e) throws IOException {
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return this;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
