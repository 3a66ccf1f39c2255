package dev.gantry.server.releases;

import dev.gantry.api.Durations;
import dev.gantry.api.Release;
import dev.gantry.api.ReleaseStatus;
import dev.gantry.api.archive.ArchiveException;
import dev.gantry.api.archive.ArchiveLimits;
import dev.gantry.api.archive.Digest;
import dev.gantry.api.archive.TarGz;
import dev.gantry.api.files.OwnerOnly;
import dev.gantry.server.web.ApiException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The file side of a release: unpack an upload, run the test and then the build command of gantry.yml in
 * the release directory (a failing test stops it before any build; a test that needs build output runs its own build
 * step), pack the result as the artifact agents fetch, and prune old ones.
 *
 * <pre>
 * dataDir/builds/{app}/{n}/          the built tree (working copy of the release)
 * dataDir/builds/{app}/{n}.log       the full output of its test and build commands
 * dataDir/artifacts/{app}/{n}.tar.gz what agents download
 * </pre>
 */
final class ReleaseBuild {
    private final Path dataDir;
    private final ArchiveLimits limits;
    private final Duration stepTimeout;

    /** {@code stepTimeout}: how long the test command, and then the build command, may each run. */
    ReleaseBuild(Path dataDir, ArchiveLimits limits, Duration stepTimeout) {
        this.dataDir = dataDir;
        this.limits = limits;
        this.stepTimeout = stepTimeout;
    }

    /** Where a build reports: the step it begins (with its command line), and each line of output. */
    interface Output {
        void step(Step step, String command);

        void line(String line);
    }

    /**
     * Unpacks an upload within the limits into a new directory, owner-only (what the archive gave group and others is
     * dropped; the agent opens a release to the account its instances run as); 400 naming the entry or limit when it
     * is refused.
     */
    Path unpack(Path tarGz) throws IOException {
        Path dir = OwnerOnly.directories(dataDir.resolve("builds")).resolve(".upload-" + UUID.randomUUID());
        try {
            TarGz.unpack(tarGz, dir, limits);
        } catch (ArchiveException e) {
            throw new ApiException(400, "body: " + e.getMessage());
        }
        OwnerOnly.restrict(dir);
        return dir;
    }

    Path releaseDir(String app, int number) {
        return dataDir.resolve("builds").resolve(app).resolve(String.valueOf(number));
    }

    Path buildLog(String app, int number) {
        return dataDir.resolve("builds").resolve(app).resolve(number + ".log");
    }

    Path artifact(String app, int number) {
        return dataDir.resolve("artifacts").resolve(app).resolve(number + ".tar.gz");
    }

    /** Tests, builds and packs; returns the release as READY or FAILED with the reason. Interrupting it kills the command. */
    Release run(Release release, Path dir, Output out) throws IOException, InterruptedException {
        try (BufferedWriter file = Files.newBufferedWriter(
                OwnerOnly.file(buildLog(release.app(), release.number())), StandardCharsets.UTF_8)) {
            Output both = teed(out, file);
            String test = release.spec().test();
            if (test != null) {
                both.step(Step.TESTING, test);
                int code = Shell.run(test, dir, stepTimeout, both::line);
                if (code != 0)
                    return release.withStatus(ReleaseStatus.FAILED, "tests failed (" + exit(code) + "): " + test);
            }
            String build = release.spec().build();
            if (build != null) {
                both.step(Step.BUILDING, build);
                int code = Shell.run(build, dir, stepTimeout, both::line);
                if (code != 0)
                    return release.withStatus(ReleaseStatus.FAILED, "build failed (" + exit(code) + "): " + build);
            }
            return pack(release, dir, both);
        }
    }

    /**
     * Deletes the artifact and build tree of every release {@link Retention#kept} does not keep; returns
     * the numbers of those it deleted files of. Release records and build logs stay.
     */
    List<Integer> prune(String app, List<Release> releases, int live, Set<Integer> inUse, int keep) throws IOException {
        Set<Integer> kept = Retention.kept(releases, live, inUse, keep);
        List<Integer> pruned = new ArrayList<>();
        for (Release r : releases) {
            if (kept.contains(r.number())) continue;
            Path tree = releaseDir(app, r.number());
            boolean treeThere = Files.exists(tree);
            deleteTree(tree);
            if (Files.deleteIfExists(artifact(app, r.number())) || treeThere) pruned.add(r.number());
        }
        return pruned;
    }

    /** Deletes every file of the app: artifacts, build trees and logs. */
    void deleteFiles(String app) throws IOException {
        deleteTree(dataDir.resolve("artifacts").resolve(app));
        deleteTree(dataDir.resolve("builds").resolve(app));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private Release pack(Release release, Path dir, Output out) throws IOException, InterruptedException {
        Path artifact = artifact(release.app(), release.number());
        OwnerOnly.directories(artifact.getParent());
        Path tmp = artifact.resolveSibling(artifact.getFileName() + ".tmp");
        String digest;
        try {
            TarGz.pack(dir, OwnerOnly.file(tmp));
            digest = Digest.sha256(tmp);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            return release.withStatus(ReleaseStatus.FAILED, "could not pack the release: " + e);
        }
        Files.move(
                tmp,
                artifact,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return release.withDigest(digest).withStatus(ReleaseStatus.READY, "built");
    }

    /** {@code out}, with every step and line also written to the build log. */
    private static Output teed(Output out, BufferedWriter file) {
        return new Output() {
            @Override
            public void step(Step step, String command) {
                write(step.name().toLowerCase() + ": " + command);
                out.step(step, command);
            }

            @Override
            public void line(String line) {
                write(line);
                out.line(line);
            }

            private void write(String line) {
                try {
                    file.write(line);
                    file.newLine();
                } catch (IOException e) {
                    // a full disk loses the file copy; the deployment log still has the line
                }
            }
        };
    }

    private String exit(int code) {
        return code == -1 ? "timed out after " + Durations.format(stepTimeout) + ", killed" : "exit code " + code;
    }
}
