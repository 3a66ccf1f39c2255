package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.AgentReport;
import dev.gantry.api.AppSpec;
import dev.gantry.api.DesiredState;
import dev.gantry.api.archive.ArchiveException;
import dev.gantry.api.archive.ArchiveLimits;
import dev.gantry.api.archive.Digest;
import dev.gantry.api.archive.TarGz;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseCacheTest {
    @TempDir
    Path tempDir;

    Path artifact;
    FakeControlPlane controlPlane;
    ReleaseCache releases;

    @BeforeEach
    void setUp() throws IOException {
        artifact = Files.createDirectories(tempDir.resolve("artifact"));
        Files.writeString(artifact.resolve("run.sh"), "exec sleep 600\n");
        controlPlane = new FakeControlPlane(artifact);
        releases = new ReleaseCache(tempDir.resolve("data"), controlPlane, ArchiveLimits.DEFAULT, Runnable::run);
    }

    @Test
    void pruningKeepsTheReleasesInUseAndTheNewestOnesOfEachApp() throws IOException {
        for (int n = 1; n <= 5; n++) releases.prepare("web", n, null).join();
        releases.prepare("api", 1, null).join();
        Path unpacking = Files.createDirectories(releases.dir("web", 9).resolveSibling(".9-unpack-123"));

        releases.prune(Set.of(releases.dir("web", 1)), 2);

        assertThat(releases.dir("web", 1)).isDirectory();
        assertThat(releases.dir("web", 2)).doesNotExist();
        assertThat(releases.dir("web", 3)).doesNotExist();
        assertThat(releases.dir("web", 4)).isDirectory();
        assertThat(releases.dir("web", 5)).isDirectory();
        assertThat(releases.dir("api", 1)).isDirectory();
        assertThat(unpacking).isDirectory();
    }

    @Test
    void aPrunedReleaseIsFetchedAgainWhenItIsWantedAgain() {
        releases.prepare("web", 1, null).join();
        releases.prepare("web", 2, null).join();
        releases.prune(Set.of(), 1);

        Path again = releases.prepare("web", 1, null).join();

        assertThat(again).isDirectory();
        assertThat(controlPlane.fetches()).isEqualTo(3);
    }

    @Test
    void theLogRotationComesFromTheReleasesGantryYmlAndIsTheDefaultWithoutAUsableOne() throws IOException {
        releases.prepare("web", 1, null).join();
        Files.writeString(
                artifact.resolve("gantry.yml"), "name: web\nrun: ./run.sh\nlogs: { max_size: 2Ki, max_files: 3 }\n");
        releases.prepare("web", 2, null).join();
        Files.writeString(artifact.resolve("gantry.yml"), "name: web\nrun: ./run.sh\nlogs: { max_size: lots }\n");
        releases.prepare("web", 3, null).join();

        assertThat(releases.logSpec("web", 1)).isEqualTo(AppSpec.LogSpec.DEFAULT);
        assertThat(releases.logSpec("web", 2)).isEqualTo(new AppSpec.LogSpec(2048, 3));
        assertThat(releases.logSpec("web", 3)).isEqualTo(AppSpec.LogSpec.DEFAULT);
        assertThat(releases.logSpec("web", 4)).isEqualTo(AppSpec.LogSpec.DEFAULT);
    }

    @Test
    void anArtifactMatchingItsDigestIsUnpacked() throws IOException {
        byte[] packed = packed(artifact);
        ReleaseCache cache = cacheServing(packed);

        Path dir = cache.prepare("web", 7, Digest.sha256(packed)).join();

        assertThat(dir.resolve("run.sh")).hasContent("exec sleep 600");
    }

    @Test
    void anArtifactNotMatchingItsDigestIsRefusedBeforeItIsUnpacked() throws IOException {
        byte[] packed = packed(artifact);
        String other = Digest.sha256("another artifact".getBytes(StandardCharsets.UTF_8));
        ReleaseCache cache = cacheServing(packed);

        assertThatThrownBy(() -> cache.prepare("web", 7, other).join())
                .hasRootCauseInstanceOf(ArchiveException.class)
                .rootCause()
                .hasMessage("artifact of release 7 of web: digest mismatch: expected " + other + ", got "
                        + Digest.sha256(packed));
        assertThat(cache.dir("web", 7)).doesNotExist();
        assertThat(cache.dir("web", 7).getParent()).isEmptyDirectory();
    }

    @Test
    void anArtifactThatIsNotATarGzIsRefusedAndLeavesNothing() {
        ReleaseCache cache = cacheServing("not a tarball".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> cache.prepare("web", 4, null).join())
                .hasMessageContaining(ArchiveException.class.getName() + ": not a gzip-compressed tar archive");
        assertThat(cache.dir("web", 4).getParent()).isEmptyDirectory();
    }

    private byte[] packed(Path dir) throws IOException {
        Path file = tempDir.resolve("packed.tar.gz");
        TarGz.pack(dir, file);
        return Files.readAllBytes(file);
    }

    /** A cache whose control plane serves these bytes as every artifact. */
    private ReleaseCache cacheServing(byte[] bytes) {
        ControlPlane serving = new ControlPlane() {
            @Override
            public DesiredState desired(String host) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void report(AgentReport report) {}

            @Override
            public void downloadArtifact(String app, int release, Path file) throws IOException {
                Files.write(file, bytes);
            }
        };
        return new ReleaseCache(tempDir.resolve("data"), serving, ArchiveLimits.DEFAULT, Runnable::run);
    }
}
