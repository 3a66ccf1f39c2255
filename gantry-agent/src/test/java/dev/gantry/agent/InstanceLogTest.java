package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.AppSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLogTest {
    static final AppSpec.LogSpec TINY = new AppSpec.LogSpec(1024, 3);

    @TempDir
    Path dir;

    @Test
    void gantrysOwnLinesCarryAnIsoUtcTimestampWithMillisAndAPrefix() {
        assertThat(InstanceLog.gantryLine(Instant.parse("2026-12-07T05:10:00Z"), "started pid=42"))
                .isEqualTo("2026-12-07T05:10:00.000Z [gantry] started pid=42\n");
        assertThat(InstanceLog.gantryLine(Instant.parse("2026-12-07T05:10:00.123456Z"), "stopped"))
                .isEqualTo("2026-12-07T05:10:00.123Z [gantry] stopped\n");
    }

    @Test
    void aFileUnderTheMaximumIsLeftAlone() throws IOException {
        InstanceLog log = logWith("x".repeat(1024));

        assertThat(log.rotateIfOver(TINY)).isFalse();
        assertThat(log.rotated(1)).doesNotExist();
    }

    @Test
    void rotationCopiesAndTruncatesAndKeepsAtMostMaxFilesInAll() throws IOException {
        InstanceLog log = logWith("");
        for (int round = 1; round <= 5; round++) {
            log.append(lines(round, 30));
            assertThat(log.rotateIfOver(TINY)).isTrue();
        }

        assertThat(log.file()).hasContent("");
        assertThat(read(log.rotated(1))).isEqualTo(lines(5, 30));
        assertThat(read(log.rotated(2))).isEqualTo(lines(4, 30));
        assertThat(log.rotated(3)).doesNotExist();
    }

    @Test
    void aWriterThatOpenedTheFileForAppendingGoesOnAtTheStartAfterTheTruncation() throws IOException {
        InstanceLog log = logWith(lines(1, 30));
        try (var writer = Files.newOutputStream(log.file(), java.nio.file.StandardOpenOption.APPEND)) {
            log.rotateIfOver(TINY);
            writer.write("after\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(log.file()).hasContent("after");
        assertThat(read(log.rotated(1))).isEqualTo(lines(1, 30));
    }

    @Test
    void offsetsCountFromTheStartOfTheLogSoAFollowerGetsTheRestOfTheRotatedFileThenTheNewOne() throws IOException {
        InstanceLog log = logWith(lines(1, 30));
        InstanceLog.Chunk first = log.read(0, 100);
        log.rotateIfOver(TINY);
        log.append("new\n");

        InstanceLog.Chunk rest = log.read(first.next(), 1 << 20);

        assertThat(text(first) + text(rest)).isEqualTo(lines(1, 30) + "new\n");
        assertThat(rest.next()).isEqualTo(lines(1, 30).length() + 4);
        assertThat(log.read(rest.next(), 100).bytes()).isEmpty();
    }

    @Test
    void anOffsetOlderThanTheOldestKeptFileReadsFromThereOnAndOnePastTheEndFromTheCurrentFile() throws IOException {
        InstanceLog log = logWith("");
        for (int round = 1; round <= 4; round++) {
            log.append(lines(round, 30));
            log.rotateIfOver(TINY);
        }
        log.append("current\n");
        long oldestKept = 2L * lines(1, 30).length();

        assertThat(log.read(0, 1 << 20).bytes()).asString().isEqualTo(lines(3, 30) + lines(4, 30) + "current\n");
        assertThat(log.read(oldestKept + 5, 3).bytes())
                .asString()
                .isEqualTo(lines(3, 30).substring(5, 8));
        assertThat(text(log.read(1_000_000, 100))).isEqualTo("current\n");
    }

    @Test
    void theTailSpansTheRotatedFileWhenTheCurrentOneIsShort() throws IOException {
        InstanceLog log = logWith(lines(1, 30));
        log.rotateIfOver(TINY);
        log.append("current\n");

        InstanceLog.Chunk tail = log.tail(20);

        assertThat(text(tail)).isEqualTo(lines(1, 30).substring(lines(1, 30).length() - 12) + "current\n");
        assertThat(tail.next()).isEqualTo(lines(1, 30).length() + 8);
    }

    @Test
    void withOneFileTheLogIsOnlyTruncatedAndFewerFilesDeleteTheSurplusCopies() throws IOException {
        InstanceLog log = logWith("");
        for (int round = 1; round <= 3; round++) {
            log.append(lines(round, 30));
            log.rotateIfOver(TINY);
        }
        assertThat(log.rotated(2)).exists();

        log.append(lines(4, 30));
        log.rotateIfOver(new AppSpec.LogSpec(1024, 1));

        assertThat(log.rotated(1)).doesNotExist();
        assertThat(log.rotated(2)).doesNotExist();
        assertThat(log.file()).hasContent("");
        log.append("next\n");
        assertThat(text(log.read(0, 100))).isEqualTo("next\n");
        assertThat(log.read(0, 100).next()).isEqualTo(4L * lines(1, 30).length() + 5);
    }

    @Test
    void aLogThatWasNeverWrittenReadsAsEmpty() throws IOException {
        InstanceLog log = new InstanceLog(dir.resolve("none.log"));

        assertThat(log.read(0, 100).bytes()).isEmpty();
        assertThat(log.tail(100).next()).isZero();
    }

    private InstanceLog logWith(String content) throws IOException {
        InstanceLog log = new InstanceLog(dir.resolve("app").resolve("web-1.log"));
        log.append(content);
        return log;
    }

    /** {@code count} lines of round {@code round}, each 38 bytes: over 1 KiB from 27 lines on. */
    private static String lines(int round, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= count; i++) out.append(String.format("round %d line %03d %s%n", round, i, "-".repeat(20)));
        return out.toString();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    private static String text(InstanceLog.Chunk chunk) {
        return new String(chunk.bytes(), StandardCharsets.UTF_8);
    }
}
