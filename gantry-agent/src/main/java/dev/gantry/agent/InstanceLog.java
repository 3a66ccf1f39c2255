package dev.gantry.agent;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.gantry.api.AppSpec;
import dev.gantry.api.files.OwnerOnly;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One instance's log: {@code {id}.log}, which the instance appends to (O_APPEND, opened by the OS at start), its
 * rotated copies {@code {id}.log.1} (newest) to {@code .log.N}, and {@code {id}.log.base}, the number of bytes
 * rotated out of {@code {id}.log} so far. Offsets count bytes since the log began, across its files, so a
 * reader that follows keeps its place through rotations and agent restarts. Not thread-safe: {@link LogFiles}
 * serialises access.
 */
final class InstanceLog {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int CATCH_UP_PASSES = 3;

    private final Path file;

    InstanceLog(Path file) {
        this.file = file;
    }

    /** Bytes of the log from one offset on, and the offset to ask for next. */
    record Chunk(byte[] bytes, long next) {}

    /** A line Gantry writes into an instance's log: {@code 2026-12-07T05:10:00.123Z [gantry] started pid=42}. */
    static String gantryLine(Instant at, String text) {
        return TIMESTAMP.format(at) + " [gantry] " + text + "\n";
    }

    Path file() {
        return file;
    }

    Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    void append(String text) throws IOException {
        OwnerOnly.directories(file.getParent());
        if (!Files.exists(file)) OwnerOnly.file(file);
        Files.writeString(file, text, StandardCharsets.UTF_8, CREATE, APPEND);
    }

    /**
     * Once the file is over {@code spec.maxSize()}: shifts {@code .1..} up by one, copies the file to {@code .1} and
     * truncates it, keeping {@code spec.maxFiles()} files in all. The instance keeps its descriptor and, writing
     * with O_APPEND, goes on at the new end. What it writes between the last copied byte and the truncation is lost.
     */
    boolean rotateIfOver(AppSpec.LogSpec spec) throws IOException {
        if (size(file) <= spec.maxSize()) return false;
        int copies = spec.maxFiles() - 1;
        shift(copies);
        long rotatedOut;
        try (FileChannel current = FileChannel.open(file, READ, WRITE)) {
            rotatedOut = copies == 0 ? current.size() : copy(current, rotated(1));
            current.truncate(0);
        }
        writeBase(base() + rotatedOut);
        return true;
    }

    /** Up to {@code max} bytes from {@code offset}; before the oldest kept byte reads from there, past the end from the current file's start. */
    Chunk read(long offset, int max) throws IOException {
        List<Segment> segments = segments();
        long start = segments.getFirst().start();
        long end = segments.getLast().end();
        long from = offset > end ? segments.getLast().start() : Math.max(offset, start);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long position = from;
        for (Segment s : segments) {
            if (position < s.start() || position >= s.end() || out.size() >= max) continue;
            position += s.readInto(out, position, max - out.size());
        }
        return new Chunk(out.toByteArray(), position);
    }

    /** The last {@code bytes} bytes of the log, across a rotation if need be. */
    Chunk tail(int bytes) throws IOException {
        List<Segment> segments = segments();
        return read(Math.max(segments.getFirst().start(), segments.getLast().end() - bytes), bytes);
    }

    /** Oldest first: .N .. .1, then the current file, each placed at its offset in the whole log. */
    private List<Segment> segments() throws IOException {
        long base = base();
        List<Segment> segments = new ArrayList<>();
        segments.add(new Segment(file, base, size(file)));
        long start = base;
        for (int n = 1; Files.isRegularFile(rotated(n)); n++) {
            long length = size(rotated(n));
            start -= length;
            if (start < 0) break;
            segments.addFirst(new Segment(rotated(n), start, length));
        }
        return segments;
    }

    private void shift(int copies) throws IOException {
        for (int n = Math.max(copies, 1); Files.exists(rotated(n)); n++) Files.delete(rotated(n));
        for (int n = copies - 1; n >= 1; n--) {
            if (Files.exists(rotated(n))) Files.move(rotated(n), rotated(n + 1), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Copies until caught up with the writer (a few passes at most), so little is written between copy and truncate. */
    private static long copy(FileChannel from, Path to) throws IOException {
        long copied = 0;
        try (FileChannel out =
                FileChannel.open(to, Set.of(CREATE, TRUNCATE_EXISTING, WRITE), OwnerOnly.attributes(OwnerOnly.FILE))) {
            for (int pass = 0; pass < CATCH_UP_PASSES && copied < from.size(); pass++) {
                long end = from.size();
                while (copied < end) copied += from.transferTo(copied, end - copied, out);
            }
        }
        return copied;
    }

    private Path baseFile() {
        return file.resolveSibling(file.getFileName() + ".base");
    }

    private long base() throws IOException {
        try {
            return Long.parseLong(Files.readString(baseFile()).strip());
        } catch (NoSuchFileException | NumberFormatException e) {
            return 0;
        }
    }

    private void writeBase(long base) throws IOException {
        OwnerOnly.write(baseFile(), Long.toString(base));
    }

    private static long size(Path path) throws IOException {
        try {
            return Files.size(path);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private record Segment(Path path, long start, long length) {
        long end() {
            return start + length;
        }

        /** Reads from {@code offset} of the whole log; returns how many bytes it read (fewer at an early end of file). */
        int readInto(ByteArrayOutputStream out, long offset, int max) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(max, end() - offset));
            try (FileChannel channel = FileChannel.open(path, READ)) {
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, offset - start + buffer.position()) <= 0) break;
                }
            } catch (NoSuchFileException e) {
                return 0;
            }
            out.write(buffer.array(), 0, buffer.position());
            return buffer.position();
        }
    }
}
