package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.AgentReport.CgroupVersion;
import dev.gantry.api.AppSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probing and limit files on directory trees laid out as cgroupfs lays them out; the real kernel is in IsolationTest. */
class CgroupsTest {
    private static final AppSpec.Resources LIMITS = new AppSpec.Resources(64L << 20, 0.5);

    @TempDir
    Path dir;

    @Test
    void mountinfoGivesTheCgroupHierarchiesAndWhereACgroupIsInThem() {
        List<Cgroups.Hierarchy> mounts = Cgroups.Hierarchy.mounted(List.of(
                "25 30 0:23 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs ro,mode=755",
                "31 25 0:27 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory",
                "32 25 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
                "33 25 0:29 /kubepods/pod1 /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw"));

        assertThat(mounts).extracting(Cgroups.Hierarchy::type).containsExactly("cgroup", "cgroup", "cgroup2");
        assertThat(mounts.get(1).options()).contains("cpu", "cpuacct");
        assertThat(mounts.get(0).dir("/a/b")).contains(Path.of("/sys/fs/cgroup/memory/a/b"));
        assertThat(mounts.get(0).dir("/")).contains(Path.of("/sys/fs/cgroup/memory"));
        assertThat(mounts.get(2).dir("/kubepods/pod1/c")).contains(Path.of("/sys/fs/cgroup/unified/c"));
        assertThat(mounts.get(2).dir("/other")).isEmpty();
        assertThat(Cgroups.ownPaths(List.of("4:memory:/process_api/x", "1:cpu,cpuacct:/", "0::/user.slice")))
                .isEqualTo(Map.of("memory", "/process_api/x", "cpu", "/", "cpuacct", "/", "", "/user.slice"));
    }

    @Test
    void v2IsChosenWhereTheUnifiedHierarchyHasMemoryAndCpuAndGetsMaxSwapOffAndGroupOom() throws IOException {
        Path cg = Files.createDirectories(dir.resolve("cg2"));
        Files.writeString(cg.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Path proc = fakeProc("30 25 0:26 / " + cg + " rw - cgroup2 cgroup2 rw\n", "0::/\n");

        Cgroups cgroups = Cgroups.probe(proc, "host-1-abcd");
        assertThat(cgroups.version()).isEqualTo(CgroupVersion.V2);
        assertThat(cgroups.problem()).isNull();
        assertThat(Files.readString(cg.resolve("gantry/host-1-abcd/cgroup.subtree_control")))
                .isEqualTo("+memory +cpu");

        Path instance = cg.resolve("gantry/host-1-abcd/web-1");
        Files.createDirectories(instance);
        Files.writeString(instance.resolve("memory.swap.max"), "max");
        Files.writeString(instance.resolve("memory.oom.group"), "0");
        Cgroup cgroup = cgroups.create("web-1", LIMITS);
        assertThat(cgroup).isEqualTo(new Cgroup(CgroupVersion.V2, instance, instance));
        assertThat(read(instance, "memory.max", "memory.swap.max", "memory.oom.group", "cpu.max"))
                .containsExactly("67108864", "0", "1", "50000 100000");
        assertThat(cgroup.procsFiles()).containsExactly(instance.resolve("cgroup.procs"));

        cgroups.create("web-2", AppSpec.Resources.NONE);
        assertThat(read(cg.resolve("gantry/host-1-abcd/web-2"), "memory.max", "cpu.max"))
                .containsExactly("max", "max 100000");
        assertThat(cgroups.all().keySet()).containsExactly("web-1", "web-2");
    }

    @Test
    void v1IsChosenWhereTheUnifiedHierarchyHasNoControllersAndSwapCannotDodgeTheLimit() throws IOException {
        Path cg2 = Files.createDirectories(dir.resolve("unified"));
        Files.writeString(cg2.resolve("cgroup.controllers"), "hugetlb\n");
        Path memory = Files.createDirectories(dir.resolve("memory"));
        Path cpu = Files.createDirectories(dir.resolve("cpu"));
        Path memoryBase = Files.createDirectories(memory.resolve("agent/gantry/h-1"));
        Files.writeString(memoryBase.resolve("memory.limit_in_bytes"), "9223372036854771712");
        Path proc = fakeProc("""
        30 25 0:26 / %s rw - cgroup2 cgroup2 rw
        31 25 0:27 / %s rw - cgroup cgroup rw,memory
        32 25 0:28 / %s rw - cgroup cgroup rw,cpu
        """.formatted(cg2, memory, cpu), "4:memory:/agent\n1:cpu:/\n0::/\n");

        Cgroups cgroups = Cgroups.probe(proc, "h-1");
        assertThat(cgroups.version()).isEqualTo(CgroupVersion.V1);

        Files.createDirectories(memoryBase.resolve("web-1"));
        Files.writeString(memoryBase.resolve("web-1/memory.memsw.limit_in_bytes"), "9223372036854771712");
        Cgroup cgroup = cgroups.create("web-1", LIMITS);
        assertThat(cgroup)
                .isEqualTo(new Cgroup(CgroupVersion.V1, memoryBase.resolve("web-1"), cpu.resolve("gantry/h-1/web-1")));
        assertThat(read(cgroup.memoryDir(), "memory.limit_in_bytes", "memory.memsw.limit_in_bytes"))
                .containsExactly("67108864", "67108864");
        assertThat(read(cgroup.cpuDir(), "cpu.cfs_period_us", "cpu.cfs_quota_us"))
                .containsExactly("100000", "50000");
        assertThat(cgroup.procsFiles())
                .containsExactly(
                        cgroup.memoryDir().resolve("cgroup.procs"),
                        cgroup.cpuDir().resolve("cgroup.procs"));

        Files.writeString(proc.resolve("4242/cgroup"), "4:memory:/agent/gantry/h-1/web-1\n1:cpu:/gantry/h-1/web-1\n");
        assertThat(cgroups.of("web-1", 4242)).contains(cgroup);
        assertThat(cgroups.of("web-2", 4242)).isEmpty();
    }

    @Test
    void withoutAWritableControllerLimitsAreNotEnforcedAndTheProblemSaysWhy() throws IOException {
        Path cg2 = Files.createDirectories(dir.resolve("unified"));
        Path proc = fakeProc("30 25 0:26 / " + cg2 + " rw - cgroup2 cgroup2 rw\n", "0::/\n");

        Cgroups cgroups = Cgroups.probe(proc, "h-1");

        assertThat(cgroups.version()).isEqualTo(CgroupVersion.NONE);
        assertThat(cgroups.problem())
                .isEqualTo("cgroup v2 at " + cg2 + " has no memory and cpu controllers for " + cg2
                        + " (it has: none); cgroup v1: no memory hierarchy is mounted");
        assertThat(cgroups.create("web-1", LIMITS)).isNull();
    }

    @Test
    void theCountersOfACgroupAreReadFromItsFiles() throws IOException {
        Path memory = Files.createDirectories(dir.resolve("m"));
        Files.writeString(memory.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        Files.writeString(memory.resolve("memory.usage_in_bytes"), "1048576\n");
        Files.writeString(memory.resolve("cgroup.procs"), "12\n13\n");
        Cgroup cgroup = new Cgroup(CgroupVersion.V1, memory, memory);

        assertThat(cgroup.oomKills()).isEqualTo(2);
        assertThat(cgroup.memoryBytes()).hasValue(1048576);
        assertThat(cgroup.pids()).containsExactly(12L, 13L);
    }

    @Test
    void theScopeNamesTheHostAndTellsDataDirectoriesApart() {
        assertThat(Cgroups.scope("host-1", Path.of("/a"))).matches("host-1-[0-9a-f]{8}");
        assertThat(Cgroups.scope("host-1", Path.of("/a"))).isNotEqualTo(Cgroups.scope("host-1", Path.of("/b")));
        assertThat(Cgroups.scope("a/b c", Path.of("/a"))).startsWith("a_b_c-");
    }

    private Path fakeProc(String mountinfo, String cgroup) throws IOException {
        Path self = Files.createDirectories(dir.resolve("proc/self"));
        Files.createDirectories(dir.resolve("proc/4242"));
        Files.writeString(self.resolve("mountinfo"), mountinfo);
        Files.writeString(self.resolve("cgroup"), cgroup);
        return self.getParent();
    }

    private static List<String> read(Path dir, String... files) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        for (String f : files) out.add(Files.readString(dir.resolve(f)).strip());
        return out;
    }
}
