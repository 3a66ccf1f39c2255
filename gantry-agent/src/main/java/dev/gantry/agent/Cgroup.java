package dev.gantry.agent;

import dev.gantry.api.AgentReport.CgroupVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;

/**
 * One instance's cgroup: its directory in the memory and in the cpu hierarchy (v1), or its one directory (v2). The
 * instance's shell joins it before it runs the app, so every process of the instance is in it.
 */
record Cgroup(CgroupVersion version, Path memoryDir, Path cpuDir) {
    /** The files an instance's shell writes its pid into to join. */
    List<Path> procsFiles() {
        return dirs().stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    /** Memory charged to the cgroup (v1 {@code memory.usage_in_bytes}, v2 {@code memory.current}); empty if unreadable. */
    OptionalLong memoryBytes() {
        try {
            String file = version == CgroupVersion.V1 ? "memory.usage_in_bytes" : "memory.current";
            return OptionalLong.of(
                    Long.parseLong(Files.readString(memoryDir.resolve(file)).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Processes the kernel killed for the memory limit so far (v1 {@code memory.oom_control}, v2 {@code memory.events}). */
    long oomKills() {
        try {
            String file = version == CgroupVersion.V1 ? "memory.oom_control" : "memory.events";
            return Files.readAllLines(memoryDir.resolve(file)).stream()
                    .filter(l -> l.startsWith("oom_kill "))
                    .mapToLong(l ->
                            Long.parseLong(l.substring("oom_kill ".length()).strip()))
                    .findFirst()
                    .orElse(0);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Kills what still runs in the cgroup and removes its directories; false if one is still busy (try again later). */
    boolean remove() {
        boolean gone = true;
        for (Path dir : dirs()) {
            if (!Files.isDirectory(dir)) continue;
            pids(dir).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            try {
                Files.delete(dir);
            } catch (IOException e) {
                gone = false;
            }
        }
        return gone;
    }

    /** The pids in the cgroup, read from {@code cgroup.procs}. */
    List<Long> pids() {
        return dirs().stream().flatMap(d -> pids(d).stream()).distinct().toList();
    }

    private List<Path> dirs() {
        return List.copyOf(new LinkedHashSet<>(List.of(memoryDir, cpuDir)));
    }

    private static List<Long> pids(Path dir) {
        try {
            return Files.readAllLines(dir.resolve("cgroup.procs")).stream()
                    .filter(l -> !l.isBlank())
                    .map(l -> Long.parseLong(l.strip()))
                    .toList();
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
    }
}
