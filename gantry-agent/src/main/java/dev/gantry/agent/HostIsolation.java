package dev.gantry.agent;

import dev.gantry.api.AgentReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this host offers to keep instances apart, probed once at agent start: whether the agent runs as root (then
 * instances run as other accounts), whether they get a mount namespace of their own, and which cgroups enforce
 * their resource limits. What is missing is logged here, once.
 */
final class HostIsolation {
    private static final Logger log = LoggerFactory.getLogger(HostIsolation.class);

    private final AppUsers users;
    private final Cgroups cgroups;
    private final boolean privateMounts;

    HostIsolation(AppUsers users, Cgroups cgroups, boolean privateMounts) {
        this.users = users;
        this.cgroups = cgroups;
        this.privateMounts = privateMounts;
    }

    static HostIsolation probe(AgentConfig config) {
        boolean root = AppUser.agent().uid() == 0;
        AppUsers users = new AppUsers(root, config.instanceUser());
        Cgroups cgroups = Cgroups.probe(Path.of("/proc"), Cgroups.scope(config.host(), config.dataDir()));
        if (cgroups.problem() != null) {
            log.warn("cgroups unavailable: {}; resource limits are not enforced", cgroups.problem());
        } else {
            log.info("instances get cgroups version={}", cgroups.version());
        }
        if (!root) {
            log.info("the agent does not run as root: instances run as its own user={}", users.defaultUser());
        } else if (!Files.isExecutable(Path.of(Launcher.SETPRIV))) {
            log.error(
                    "{} is missing (util-linux): instances cannot switch to user={} and will not start",
                    Launcher.SETPRIV,
                    users.defaultUser());
        }
        boolean privateMounts = root && privateMountsWork();
        return new HostIsolation(users, cgroups, privateMounts);
    }

    AppUsers users() {
        return users;
    }

    Cgroups cgroups() {
        return cgroups;
    }

    boolean privateMounts() {
        return privateMounts;
    }

    AgentReport.Isolation report() {
        return new AgentReport.Isolation(users.defaultUser(), cgroups.version(), cgroups.problem());
    }

    /**
     * The data directory's mode: 0700, or 0711 where instances of other accounts must pass through it to reach their
     * release (root without mount namespaces); never listable by them.
     */
    Set<PosixFilePermission> dataDirMode() {
        return PosixFilePermissions.fromString(users.switching() && !privateMounts ? "rwx--x--x" : "rwx------");
    }

    private static boolean privateMountsWork() {
        try {
            Files.createDirectories(Launcher.RELEASE_MOUNT);
            Exec.Result r = Exec.run(
                    List.of(
                            Launcher.UNSHARE,
                            "--mount",
                            "--propagation",
                            "private",
                            "--",
                            Launcher.MOUNT,
                            "--bind",
                            Launcher.RELEASE_MOUNT.toString(),
                            Launcher.RELEASE_MOUNT.toString()),
                    Duration.ofSeconds(10));
            if (r.ok()) return true;
            log.warn(
                    "instances get no mount namespace ({}: {}); they reach their release directory through the data directory, "
                            + "which becomes 0711, and every parent of it must let their user pass",
                    Launcher.UNSHARE,
                    r.output());
        } catch (IOException e) {
            log.warn(
                    "instances get no mount namespace ({}); they reach their release directory through the data directory, "
                            + "which becomes 0711, and every parent of it must let their user pass",
                    e.getMessage());
        }
        return false;
    }
}
