package dev.gantry.agent;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;

/** Unpacks a tar.gz with the system {@code tar} into a temp dir beside the target, then moves it into place atomically. */
final class TarGz {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private TarGz() {}

    static void extractInto(Path archive, Path destDir) throws IOException {
        Path parent = destDir.toAbsolutePath().getParent();
        Path temp = Files.createTempDirectory(parent, "." + destDir.getFileName() + "-unpack-");
        try {
            Exec.check(List.of("tar", "--no-same-owner", "-xzf", archive.toString(), "-C", temp.toString()), TIMEOUT);
            Files.move(temp, destDir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(temp)) deleteTree(temp);
        }
    }

    static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
