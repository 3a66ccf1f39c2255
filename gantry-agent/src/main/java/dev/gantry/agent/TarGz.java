package dev.gantry.agent;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Unpacks a tar.gz with the system {@code tar} into a temp dir beside the target, then moves it into place atomically. */
final class TarGz {
  private static final long TIMEOUT_MINUTES = 10;

  private TarGz() {
  }

  static void extractInto(Path archive, Path destDir) throws IOException {
    Path parent = destDir.toAbsolutePath().getParent();
    Path temp = Files.createTempDirectory(parent, "." + destDir.getFileName() + "-unpack-");
    try {
      run(List.of("tar", "--no-same-owner", "-xzf", archive.toString(), "-C", temp.toString()));
      Files.move(temp, destDir, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      if (Files.exists(temp)) deleteTree(temp);
    }
  }

  private static void run(List<String> argv) throws IOException {
    Process tar = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.DISCARD.file()).start();
    try {
      byte[] output = tar.getInputStream().readAllBytes();
      if (!tar.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        tar.destroyForcibly();
        throw new IOException(String.join(" ", argv) + ": did not finish within " + TIMEOUT_MINUTES + " minutes");
      }
      if (tar.exitValue() != 0) {
        throw new IOException(String.join(" ", argv) + ": exit code " + tar.exitValue() + ": "
            + new String(output, StandardCharsets.UTF_8).strip());
      }
    } catch (InterruptedException e) {
      tar.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("tar interrupted");
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
