package dev.gantry.agent;

import dev.gantry.api.AgentReport.CgroupVersion;
import dev.gantry.api.AppSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * cgroup v1: an instance has a directory in the memory hierarchy ({@code memory.limit_in_bytes}, and
 * {@code memory.memsw.limit_in_bytes} where swap is accounted, so that swapping does not dodge the limit) and one in
 * the cpu hierarchy ({@code cpu.cfs_quota_us} per {@code cpu.cfs_period_us} of 100 ms).
 */
final class CgroupsV1 extends Cgroups {
    private final Path proc;
    private final Cgroups.Hierarchy memory;
    private final Cgroups.Hierarchy cpu;
    private final Path memoryBase;
    private final Path cpuBase;
    private final String scope;

    private CgroupsV1(Path proc, Hierarchy memory, Hierarchy cpu, Path memoryBase, Path cpuBase, String scope) {
        this.proc = proc;
        this.memory = memory;
        this.cpu = cpu;
        this.memoryBase = memoryBase;
        this.cpuBase = cpuBase;
        this.scope = scope;
    }

    /** The v1 memory and cpu hierarchies with this agent's base directories created, or an IOException saying why not. */
    static CgroupsV1 open(List<Hierarchy> mounts, Map<String, String> own, String scope, Path proc) throws IOException {
        Hierarchy memory = controller(mounts, "memory");
        Hierarchy cpu = controller(mounts, "cpu");
        Path memoryBase = base(memory, own.get("memory"), scope);
        Path cpuBase = base(cpu, own.get("cpu"), scope);
        if (!Files.exists(memoryBase.resolve("memory.limit_in_bytes"))) {
            throw new IOException("cgroup v1: " + memoryBase + " has no memory.limit_in_bytes");
        }
        return new CgroupsV1(proc, memory, cpu, memoryBase, cpuBase, scope);
    }

    @Override
    CgroupVersion version() {
        return CgroupVersion.V1;
    }

    @Override
    Cgroup create(String instanceId, AppSpec.Resources resources) throws IOException {
        Cgroup cgroup = new Cgroup(CgroupVersion.V1, memoryBase.resolve(instanceId), cpuBase.resolve(instanceId));
        Files.createDirectories(cgroup.memoryDir());
        Files.createDirectories(cgroup.cpuDir());
        String bytes = resources.memoryBytes() > 0 ? Long.toString(resources.memoryBytes()) : "-1";
        Path memsw = cgroup.memoryDir().resolve("memory.memsw.limit_in_bytes");
        boolean swapAccounted = Files.exists(memsw);
        if (swapAccounted) write(memsw, "-1");
        write(cgroup.memoryDir().resolve("memory.limit_in_bytes"), bytes);
        if (swapAccounted) write(memsw, bytes);
        write(cgroup.cpuDir().resolve("cpu.cfs_period_us"), PERIOD_US);
        write(
                cgroup.cpuDir().resolve("cpu.cfs_quota_us"),
                resources.cpu() > 0 ? Long.toString(Math.round(resources.cpu() * 100_000)) : "-1");
        return cgroup;
    }

    @Override
    Optional<Cgroup> of(String instanceId, long pid) {
        Optional<Path> memoryDir =
                pathOf(proc, pid, "memory").flatMap(memory::dir).filter(d -> ours(d, instanceId));
        Optional<Path> cpuDir = pathOf(proc, pid, "cpu").flatMap(cpu::dir).filter(d -> ours(d, instanceId));
        if (memoryDir.isEmpty() || cpuDir.isEmpty()) return Optional.empty();
        return Optional.of(new Cgroup(CgroupVersion.V1, memoryDir.get(), cpuDir.get()));
    }

    @Override
    Map<String, Cgroup> all() {
        Map<String, Cgroup> out = new TreeMap<>();
        for (Path base : List.of(memoryBase, cpuBase)) {
            try (Stream<Path> dirs = Files.list(base)) {
                dirs.filter(Files::isDirectory)
                        .map(d -> d.getFileName().toString())
                        .forEach(id ->
                                out.put(id, new Cgroup(CgroupVersion.V1, memoryBase.resolve(id), cpuBase.resolve(id))));
            } catch (IOException e) {
                // nothing there
            }
        }
        return out;
    }

    @Override
    List<Path> scopeDirs() {
        return List.of(memoryBase, cpuBase);
    }

    private boolean ours(Path dir, String instanceId) {
        return dir.getFileName().toString().equals(instanceId)
                && dir.getParent().getFileName().toString().equals(scope);
    }

    private static Hierarchy controller(List<Hierarchy> mounts, String name) throws IOException {
        return mounts.stream()
                .filter(h -> h.type().equals("cgroup") && h.options().contains(name))
                .findFirst()
                .orElseThrow(() -> new IOException("cgroup v1: no " + name + " hierarchy is mounted"));
    }

    private static Path base(Hierarchy h, String ownPath, String scope) throws IOException {
        Path own = h.dir(ownPath)
                .orElseThrow(() -> new IOException(
                        "cgroup v1: the agent's cgroup " + ownPath + " is not below " + h.mountPoint()));
        Path base = own.resolve("gantry").resolve(scope);
        try {
            Files.createDirectories(base);
        } catch (IOException e) {
            throw new IOException("cgroup v1: cannot create " + base + ": " + why(e), e);
        }
        return base;
    }
}
