package dev.gantry.agent;

import dev.gantry.api.AgentReport.CgroupVersion;
import dev.gantry.api.AppSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cgroup v2: an instance has one directory with {@code memory.max} ({@code memory.swap.max} 0 with a limit, so that
 * swapping does not dodge it), {@code memory.oom.group} 1 (the OOM killer ends the whole instance, not one process of
 * it) and {@code cpu.max}. The memory and cpu controllers are enabled down the agent's subtree; if the agent's own
 * cgroup holds processes (a systemd service with {@code Delegate=yes}), the agent first moves itself into the leaf
 * {@code gantry-agent}, as cgroup v2 allows controllers only for cgroups without processes of their own.
 */
final class CgroupsV2 extends Cgroups {
    private static final Logger log = LoggerFactory.getLogger(CgroupsV2.class);
    private static final Set<String> NEEDED = Set.of("memory", "cpu");

    private final Path proc;
    private final Hierarchy hierarchy;
    private final Path base;
    private final String scope;

    private CgroupsV2(Path proc, Hierarchy hierarchy, Path base, String scope) {
        this.proc = proc;
        this.hierarchy = hierarchy;
        this.base = base;
        this.scope = scope;
    }

    /** The unified hierarchy with this agent's base directory created and controllers enabled, or an IOException saying why not. */
    static CgroupsV2 open(List<Hierarchy> mounts, String ownPath, String scope, Path proc) throws IOException {
        Hierarchy h = mounts.stream()
                .filter(m -> m.type().equals("cgroup2"))
                .findFirst()
                .orElseThrow(() -> new IOException("cgroup v2: no cgroup2 mount"));
        Path own = h.dir(ownPath)
                .orElseThrow(() -> new IOException(
                        "cgroup v2: the agent's cgroup " + ownPath + " is not below " + h.mountPoint()));
        Set<String> available = words(own.resolve("cgroup.controllers"));
        if (!available.containsAll(NEEDED)) {
            throw new IOException("cgroup v2 at " + h.mountPoint() + " has no memory and cpu controllers for " + own
                    + " (it has: " + (available.isEmpty() ? "none" : String.join(" ", available)) + ")");
        }
        enableBelow(own, !own.equals(h.mountPoint()));
        Path gantry = own.resolve("gantry");
        Path base = gantry.resolve(scope);
        for (Path dir : List.of(gantry, base)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IOException("cgroup v2: cannot create " + dir + ": " + why(e), e);
            }
            enableBelow(dir, false);
        }
        return new CgroupsV2(proc, h, base, scope);
    }

    @Override
    CgroupVersion version() {
        return CgroupVersion.V2;
    }

    @Override
    Cgroup create(String instanceId, AppSpec.Resources resources) throws IOException {
        Path dir = base.resolve(instanceId);
        Files.createDirectories(dir);
        boolean limited = resources.memoryBytes() > 0;
        write(dir.resolve("memory.max"), limited ? Long.toString(resources.memoryBytes()) : "max");
        if (Files.exists(dir.resolve("memory.swap.max"))) write(dir.resolve("memory.swap.max"), limited ? "0" : "max");
        if (Files.exists(dir.resolve("memory.oom.group"))) write(dir.resolve("memory.oom.group"), "1");
        String quota = resources.cpu() > 0 ? Long.toString(Math.round(resources.cpu() * 100_000)) : "max";
        write(dir.resolve("cpu.max"), quota + " " + PERIOD_US);
        return new Cgroup(CgroupVersion.V2, dir, dir);
    }

    @Override
    Optional<Cgroup> of(String instanceId, long pid) {
        return pathOf(proc, pid, "")
                .flatMap(hierarchy::dir)
                .filter(d -> d.getFileName().toString().equals(instanceId)
                        && d.getParent().getFileName().toString().equals(scope))
                .map(d -> new Cgroup(CgroupVersion.V2, d, d));
    }

    @Override
    Map<String, Cgroup> all() {
        Map<String, Cgroup> out = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(base)) {
            dirs.filter(Files::isDirectory)
                    .forEach(d -> out.put(d.getFileName().toString(), new Cgroup(CgroupVersion.V2, d, d)));
        } catch (IOException e) {
            // nothing there
        }
        return out;
    }

    @Override
    List<Path> scopeDirs() {
        return List.of(base);
    }

    /** Enables memory and cpu for the children of {@code dir}; with {@code mayMoveSelf}, moves the agent into a leaf if it must. */
    private static void enableBelow(Path dir, boolean mayMoveSelf) throws IOException {
        Path control = dir.resolve("cgroup.subtree_control");
        if (words(control).containsAll(NEEDED)) return;
        try {
            write(control, "+memory +cpu");
        } catch (IOException e) {
            if (!mayMoveSelf) throw new IOException("cgroup v2: " + e.getMessage(), e);
            Path leaf = dir.resolve("gantry-agent");
            Files.createDirectories(leaf);
            write(
                    leaf.resolve("cgroup.procs"),
                    Long.toString(ProcessHandle.current().pid()));
            log.info("moved the agent into cgroup={} so that instance cgroups can be created beside it", leaf);
            try {
                write(control, "+memory +cpu");
            } catch (IOException again) {
                throw new IOException(
                        "cgroup v2: " + again.getMessage() + " (other processes share the agent's cgroup " + dir
                                + "; run the agent in a cgroup of its own, e.g. a systemd service with Delegate=yes)",
                        again);
            }
        }
    }

    private static Set<String> words(Path file) {
        try {
            return Stream.of(Files.readString(file).strip().split("\\s+"))
                    .filter(w -> !w.isEmpty())
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }
}
