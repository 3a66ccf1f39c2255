package dev.gantry.server.releases;

import dev.gantry.api.DeploymentState;
import dev.gantry.api.Release;
import dev.gantry.api.ReleaseStatus;
import dev.gantry.server.web.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The file side of a release: unpack an upload, run the build and test commands of gantry.yml in
 * the release directory, and pack the result as the artifact agents fetch.
 *
 * <pre>
 * dataDir/builds/{app}/{n}/          the built tree (working copy of the release)
 * dataDir/artifacts/{app}/{n}.tar.gz what agents download
 * </pre>
 */
final class ReleaseBuild {
  static final Duration STEP_TIMEOUT = Duration.ofMinutes(15);
  private final Path dataDir;

  ReleaseBuild(Path dataDir) {
    this.dataDir = dataDir;
  }

  Path unpack(Path tarGz) throws IOException {
    Path dir = dataDir.resolve("builds").resolve(".upload-" + UUID.randomUUID());
    Files.createDirectories(dir);
    try {
      int code = Shell.run("tar -xzf " + quote(tarGz.toString()), dir, Duration.ofMinutes(2), line -> { });
      if (code != 0) throw new ApiException(400, "body: not a gzip-compressed tar archive of the app directory");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while unpacking", e);
    } catch (RuntimeException e) {
      deleteTree(dir);
      throw e;
    }
    return dir;
  }

  Path releaseDir(String app, int number) {
    return dataDir.resolve("builds").resolve(app).resolve(String.valueOf(number));
  }

  Path artifact(String app, int number) {
    return dataDir.resolve("artifacts").resolve(app).resolve(number + ".tar.gz");
  }

  /** Builds, tests and packs; returns the release as READY or FAILED with the reason. */
  Release run(Release release, Path dir, DeploymentProgress progress) throws IOException, InterruptedException {
    String build = release.spec().build();
    if (build != null) {
      progress.state(DeploymentState.BUILDING, build);
      int code = Shell.run(build, dir, STEP_TIMEOUT, progress::log);
      if (code != 0) return release.withStatus(ReleaseStatus.FAILED, "build failed (" + exit(code) + "): " + build);
    }
    String test = release.spec().test();
    if (test != null) {
      progress.state(DeploymentState.TESTING, test);
      int code = Shell.run(test, dir, STEP_TIMEOUT, progress::log);
      if (code != 0) return release.withStatus(ReleaseStatus.FAILED, "tests failed (" + exit(code) + "): " + test);
    }
    Path artifact = artifact(release.app(), release.number());
    Files.createDirectories(artifact.getParent());
    Path tmp = artifact.resolveSibling(artifact.getFileName() + ".tmp");
    int code = Shell.run("tar -czf " + quote(tmp.toString()) + " .", dir, STEP_TIMEOUT, progress::log);
    if (code != 0) return release.withStatus(ReleaseStatus.FAILED, "could not pack the release (" + exit(code) + ")");
    Files.move(tmp, artifact, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return release.withStatus(ReleaseStatus.READY, "built");
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  private static String exit(int code) {
    return code == -1 ? "timed out after " + STEP_TIMEOUT.toMinutes() + " minutes" : "exit code " + code;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

}
