package dev.gantry.server.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.AppSpec;
import dev.gantry.api.Release;
import dev.gantry.api.ReleaseStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionTest {
    private static final AppSpec SPEC = new AppSpec(
            "web",
            null,
            null,
            "./serve",
            "/health",
            1,
            new AppSpec.RouteSpec("web.localhost", "/", false, false),
            java.util.Map.of(),
            null,
            null);

    @Test
    void theRollbackTargetIsTheReleaseLiveMostRecentlyBeforeTheLiveOne() {
        List<Release> releases = List.of(
                release(1, ReleaseStatus.READY, 100),
                release(2, ReleaseStatus.READY, 300),
                release(3, ReleaseStatus.READY, 200),
                release(4, ReleaseStatus.FAILED, 0));

        assertThat(Retention.rollbackTarget(releases, 2)).map(Release::number).hasValue(3);
        assertThat(Retention.rollbackTarget(releases, 3)).map(Release::number).hasValue(2);
        assertThat(Retention.rollbackTarget(List.of(release(1, ReleaseStatus.READY, 100)), 1))
                .isEmpty();
    }

    @Test
    void keepsTheNewestReadyOnesTheLiveOneTheRollbackTargetThoseInUseAndThoseBuilding() {
        List<Release> releases = List.of(
                release(1, ReleaseStatus.READY, 100),
                release(2, ReleaseStatus.READY, 200),
                release(3, ReleaseStatus.READY, 0),
                release(4, ReleaseStatus.FAILED, 0),
                release(5, ReleaseStatus.READY, 0),
                release(6, ReleaseStatus.READY, 300),
                release(7, ReleaseStatus.BUILDING, 0));

        assertThat(Retention.kept(releases, 6, Set.of(3), 1)).containsExactly(2, 3, 6, 7);
        assertThat(Retention.kept(releases, 6, Set.of(), 3)).containsExactly(2, 3, 5, 6, 7);
    }

    private static Release release(int n, ReleaseStatus status, long deployedAt) {
        return new Release("web", n, n * 10L, "test", SPEC, status, "", deployedAt);
    }
}
