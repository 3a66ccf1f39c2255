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

    /**
     * A tar.gz of one entry of {@code type} (a symlink, a directory, ...) whose header declares {@code size} bytes of
     * data, followed by that many zero bytes: what no tar writes, and what Commons Compress's writer refuses to, but
     * what every reader decompresses to skip on its way to the next entry. Written header by header.
     */
    static void entryWithZeros(Path file, String name, byte type, String linkName, long size) throws IOException {
        GzipParameters gzip = new GzipParameters();
        gzip.setCompressionLevel(Deflater.BEST_SPEED);
        try (OutputStream out =
                new GzipCompressorOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), gzip)) {
            byte[] h = new byte[512];
            put(h, 0, name);
            put(h, 100, "0000755\0");
            put(h, 108, "0000000\0");
            put(h, 116, "0000000\0");
            put(h, 124, String.format("%011o\0", size));
            put(h, 136, "00000000000\0");
            put(h, 148, "        ");
            h[156] = type;
            put(h, 157, linkName);
            put(h, 257, "ustar\0");
            put(h, 263, "00");
            int sum = 0;
            for (byte b : h) sum += b & 0xff;
            put(h, 148, String.format("%06o\0 ", sum));
            out.write(h);
            byte[] chunk = new byte[1 << 20];
            for (long left = size; left > 0; left -= chunk.length)
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            int pad = (int) ((512 - size % 512) % 512);
            out.write(new byte[pad + 1024]);
        }
    }

    private static void put(byte[] header, int at, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, header, at, b.length);
    }
}
