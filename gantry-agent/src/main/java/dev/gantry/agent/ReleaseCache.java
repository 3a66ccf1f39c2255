package dev.gantry.agent;

import dev.gantry.api.AppSpec;
import dev.gantry.api.AppSpecParser;
import dev.gantry.api.archive.ArchiveLimits;
import dev.gantry.api.archive.Digest;
import dev.gantry.api.archive.TarGz;
import dev.gantry.api.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Release artifacts under {@code dataDir/releases/{app}/{release}/}, fetched once per (app, release), and pruned
 * down to the ones in use plus the newest few of each app. A fetch downloads the artifact beside its directory,
 * checks its digest (when the release has one) and only then unpacks it, within the agent's {@link ArchiveLimits}.
 */
final class ReleaseCache {
    private static final Logger log = LoggerFactory.getLogger(ReleaseCache.class);

    private final Path root;
    private final ControlPlane controlPlane;
    private final ArchiveLimits limits;
    private final Executor executor;
    private final Map<Path, CompletableFuture<Path>> fetches = new ConcurrentHashMap<>();
    private final Map<Path, AppSpec.LogSpec> logSpecs = new ConcurrentHashMap<>();
    private final Set<Path> readable = ConcurrentHashMap.newKeySet();
    private final boolean shared;
    private final Set<PosixFilePermission> dirMode;

    /** Releases shared with instances of other accounts, which pass {@code releases/} and {@code releases/{app}}. */
    ReleaseCache(Path dataDir, ControlPlane controlPlane, ArchiveLimits limits, Executor executor) {
        this(dataDir, controlPlane, limits, executor, true, PosixFilePermissions.fromString("rwx--x--x"));
    }

    /**
     * @param shared  instances run as other accounts than the agent's: their releases' files are made readable by all
     * @param dirMode the mode of {@code releases/} and {@code releases/{app}}: 0700, or 0711 where instances reach
     *                their release through the data directory
     */
    ReleaseCache(
            Path dataDir,
            ControlPlane controlPlane,
            ArchiveLimits limits,
            Executor executor,
            boolean shared,
            Set<PosixFilePermission> dirMode) {
        this.root = dataDir.resolve("releases");
        this.controlPlane = controlPlane;
        this.limits = limits;
        this.executor = executor;
        this.shared = shared;
        this.dirMode = Set.copyOf(dirMode);
    }

    /**
     * The release directory, fetched in the background if it is not here yet. A failed fetch is retried on the next call.
     * Its files are readable by every account (instances may run as another one than the agent's); the data directory
     * around it is not, so an instance reaches only its own release, through its private mount. An artifact whose
     * SHA-256 is not {@code digest} is refused before it is unpacked; a null digest (a release built before digests were
     * recorded) is not checked.
     */
    CompletableFuture<Path> prepare(String app, int release, String digest) {
        Path dir = dir(app, release);
        if (Files.isDirectory(dir)) {
            try {
                return CompletableFuture.completedFuture(readable(dir));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<Path> fetch = fetches.computeIfAbsent(
                dir, d -> CompletableFuture.supplyAsync(() -> fetch(app, release, digest, d), executor));
        if (fetch.isCompletedExceptionally()) fetches.remove(dir, fetch);
        return fetch;
    }

    Path dir(String app, int release) {
        return root.resolve(app).resolve(Integer.toString(release));
    }

    /** How the release's gantry.yml (in its artifact) says its logs rotate; the defaults without a readable one. */
    AppSpec.LogSpec logSpec(String app, int release) {
        Path yml = dir(app, release).resolve("gantry.yml");
        if (!Files.isRegularFile(yml)) return AppSpec.LogSpec.DEFAULT;
        return logSpecs.computeIfAbsent(yml.getParent(), d -> {
            try {
                return AppSpecParser.parse(Files.readString(yml), yml.toString())
                        .logs();
            } catch (IOException | IllegalArgumentException e) {
                log.warn(
                        "using the default log rotation, cannot read gantry.yml app={} release={} error=\"{}\"",
                        app,
                        release,
                        e.getMessage());
                return AppSpec.LogSpec.DEFAULT;
            }
        });
    }

    /** Deletes each app's release directories except those in use and the {@code keep} newest. */
    void prune(Set<Path> inUse, int keep) {
        for (Path appDir : list(root)) {
            List<Path> old = list(appDir).stream()
                    .filter(d -> d.getFileName().toString().matches("\\d{1,9}"))
                    .sorted(Comparator.comparingInt(
                                    (Path d) -> Integer.parseInt(d.getFileName().toString()))
                            .reversed())
                    .skip(keep)
                    .filter(d -> !inUse.contains(d))
                    .toList();
            old.forEach(this::delete);
        }
    }

    /** Adds read (and, for directories and executables, execute) for group and others, once per directory and agent run. */
    private Path readable(Path dir) throws IOException {
        if (!shared || readable.contains(dir)) return dir;
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.toList()) {
                if (Files.isSymbolicLink(p)) continue;
                Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(p));
                perms.addAll(List.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));
                if (Files.isDirectory(p) || perms.contains(PosixFilePermission.OWNER_EXECUTE)) {
                    perms.addAll(List.of(PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
                }
                Files.setPosixFilePermissions(p, perms);
            }
        }
        readable.add(dir);
        return dir;
    }

    private void delete(Path dir) {
        try {
            TarGz.deleteTree(dir);
            fetches.remove(dir);
            readable.remove(dir);
            logSpecs.remove(dir);
            log.info("deleted old release dir={}", dir);
        } catch (IOException e) {
            log.warn("cannot delete old release dir={} error={}", dir, e.toString());
        }
    }

    private void directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) Files.createDirectories(dir, OwnerOnly.attributes(dirMode));
        if (OwnerOnly.posix()) Files.setPosixFilePermissions(dir, dirMode);
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            log.warn("cannot list dir={} error={}", dir, e.toString());
            return List.of();
        }
    }

    private Path fetch(String app, int release, String digest, Path dir) {
        Path archive = null;
        try {
            directory(root);
            directory(dir.getParent());
            log.info("fetching release app={} release={} digest={}", app, release, digest);
            archive = Files.createTempFile(dir.getParent(), "." + release + "-", ".tar.gz");
            controlPlane.downloadArtifact(app, release, archive);
            if (digest != null) Digest.verify(archive, digest, "artifact of release " + release + " of " + app);
            TarGz.unpack(archive, dir, limits);
            return readable(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (archive != null) deleteQuietly(archive);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete file={} error={}", file, e.toString());
        }
    }
}
