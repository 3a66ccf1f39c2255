package dev.gantry.server.releases;

import dev.gantry.api.Release;
import dev.gantry.api.ReleaseStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Which releases a rollback goes to, and which keep their files on the control plane. */
final class Retention {
    private Retention() {}

    /** The release a rollback without a number goes to: the one live most recently before the live one. */
    static Optional<Release> rollbackTarget(List<Release> releases, int live) {
        return releases.stream()
                .filter(r -> r.number() != live && r.deployedAt() > 0)
                .max(Comparator.comparingLong(Release::deployedAt));
    }

    /**
     * The releases whose artifact and build tree stay: the newest {@code keep} READY ones, the live one,
     * the rollback target, every one an instance runs ({@code inUse}) and any still building.
     */
    static Set<Integer> kept(List<Release> releases, int live, Set<Integer> inUse, int keep) {
        Set<Integer> kept = new TreeSet<>(inUse);
        if (live > 0) kept.add(live);
        rollbackTarget(releases, live).ifPresent(r -> kept.add(r.number()));
        releases.stream().filter(r -> r.status() == ReleaseStatus.BUILDING).forEach(r -> kept.add(r.number()));
        releases.stream()
                .filter(r -> r.status() == ReleaseStatus.READY)
                .sorted(Comparator.comparingInt(Release::number).reversed())
                .limit(keep)
                .forEach(r -> kept.add(r.number()));
        return kept;
    }
}
