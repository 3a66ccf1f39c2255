package dev.gantry.server.apps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.AppSpec;
import dev.gantry.api.InstanceSpec;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.InstanceView;
import dev.gantry.api.Release;
import dev.gantry.api.ReleaseStatus;
import dev.gantry.server.tokens.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A line of {@code gantry ps}: a placement joined with its agent's report. */
class AppRoutesTest {
    static final long NOW = 1_767_607_200_000L;
    static final Placement WEB = new Placement(
            new InstanceSpec(
                    "web-r2-abcd",
                    "web",
                    2,
                    "./serve",
                    "/health",
                    Map.of(),
                    10,
                    new AppSpec.Resources(256L << 20, 0.5),
                    "web-user"),
            "h1",
            false,
            NOW - 90_000);

    @Test
    void anInstanceItsAgentReportsCarriesItsUserLimitsMemoryAndOomKills() {
        InstanceStatus reported = new InstanceStatus(
                "web-r2-abcd",
                "web",
                2,
                "h1",
                "10.0.0.5",
                20001,
                4242,
                InstanceState.OOM,
                3,
                NOW - 65_000,
                "killed by its memory limit of 256Mi (OOM, exit code 137), restarting in 1s",
                12.5,
                90L << 20,
                "web-user",
                256L << 20,
                250L << 20,
                0.5,
                2);

        assertThat(AppRoutes.view(WEB, reported, NOW))
                .isEqualTo(new InstanceView(
                        "web-r2-abcd",
                        "web",
                        "h1",
                        20001,
                        InstanceState.OOM,
                        2,
                        65,
                        3,
                        false,
                        "killed by its memory limit of 256Mi (OOM, exit code 137), restarting in 1s",
                        12.5,
                        90L << 20,
                        "web-user",
                        256L << 20,
                        250L << 20,
                        0.5,
                        2));
    }

    @Test
    void anInstanceNotYetReportedIsPendingWithNoUserNorUse() {
        InstanceView pending = AppRoutes.view(WEB.drain(), null, NOW);

        assertThat(pending.state()).isEqualTo(InstanceState.PENDING);
        assertThat(pending.draining()).isTrue();
        assertThat(pending.user()).isNull();
        assertThat(pending.memoryBytes()).isZero();
        assertThat(pending.oomKills()).isZero();
    }

    @Test
    void aViewerReadsTheNamesOfAReleasesEnvironmentButNotItsValues() {
        AppSpec spec = new AppSpec(
                "web",
                null,
                null,
                "./serve",
                "/health",
                1,
                null,
                Map.of("DATABASE_URL", "postgres://app:s3cret@db/app"),
                null,
                null);
        List<Release> releases = List.of(new Release("web", 1, NOW, "upload", spec, ReleaseStatus.READY, "", NOW));

        Release seen = AppRoutes.releasesFor(Role.VIEWER, releases).getFirst();

        assertThat(seen.spec().env()).containsOnlyKeys("DATABASE_URL");
        assertThat(seen.spec().env().toString()).doesNotContain("s3cret");
        assertThat(seen.spec().run()).isEqualTo("./serve");
        assertThat(AppRoutes.releasesFor(Role.DEPLOYER, releases)).isEqualTo(releases);
        assertThat(AppRoutes.releasesFor(Role.ADMIN, releases)).isEqualTo(releases);
    }
}
