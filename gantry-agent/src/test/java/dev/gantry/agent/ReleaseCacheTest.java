package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.AppSpec;
import java.io.IOException;
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
        releases = new ReleaseCache(tempDir.resolve("data"), controlPlane, Runnable::run);
    }

    @Test
    void pruningKeepsTheReleasesInUseAndTheNewestOnesOfEachApp() throws IOException {
        for (int n = 1; n <= 5; n++) releases.prepare("web", n).join();
        releases.prepare("api", 1).join();
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
        releases.prepare("web", 1).join();
        releases.prepare("web", 2).join();
        releases.prune(Set.of(), 1);

        Path again = releases.prepare("web", 1).join();

        assertThat(again).isDirectory();
        assertThat(controlPlane.fetches()).isEqualTo(3);
    }

    @Test
    void theLogRotationComesFromTheReleasesGantryYmlAndIsTheDefaultWithoutAUsableOne() throws IOException {
        releases.prepare("web", 1).join();
        Files.writeString(
                artifact.resolve("gantry.yml"), "name: web\nrun: ./run.sh\nlogs: { max_size: 2Ki, max_files: 3 }\n");
        releases.prepare("web", 2).join();
        Files.writeString(artifact.resolve("gantry.yml"), "name: web\nrun: ./run.sh\nlogs: { max_size: lots }\n");
        releases.prepare("web", 3).join();

        assertThat(releases.logSpec("web", 1)).isEqualTo(AppSpec.LogSpec.DEFAULT);
        assertThat(releases.logSpec("web", 2)).isEqualTo(new AppSpec.LogSpec(2048, 3));
        assertThat(releases.logSpec("web", 3)).isEqualTo(AppSpec.LogSpec.DEFAULT);
        assertThat(releases.logSpec("web", 4)).isEqualTo(AppSpec.LogSpec.DEFAULT);
    }
}
