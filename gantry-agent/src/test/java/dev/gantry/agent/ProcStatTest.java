package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {
    @TempDir
    Path proc;

    @Test
    void processCpuTicksAreUserPlusSystemTimeEvenWhenTheNameHasSpacesAndParentheses() {
        String stat = "1234 (my (odd) app) S 1 1234 1234 0 -1 4194560 500 0 0 0 250 75 0 0 20 0 12 0 4242 0 0";

        assertThat(ProcStat.parseCpuTicks(stat)).isEqualTo(325);
    }

    @Test
    void hostCpuCountsIdleAndIowaitAsIdle() {
        ProcStat.HostCpu before = ProcStat.parseHostCpu("cpu  100 0 100 700 100 0 0 0 0 0");
        ProcStat.HostCpu after = ProcStat.parseHostCpu("cpu  150 0 150 750 150 0 0 0 0 0");

        assertThat(after.busyPercentSince(before)).isEqualTo(50.0);
    }

    @Test
    void aFirstLineThatIsNotTheCpuTotalIsRejected() {
        assertThatThrownBy(() -> ProcStat.parseHostCpu("intr 1 2 3")).hasMessageContaining("/proc/stat");
    }

    @Test
    void memoryAndRssAreReadInKibibytes() throws Exception {
        Files.writeString(
                proc.resolve("meminfo"), "MemTotal:       1000 kB\nMemFree:         100 kB\nMemAvailable:    400 kB\n");
        Files.createDirectories(proc.resolve("77"));
        Files.writeString(proc.resolve("77/status"), "Name:\tjava\nVmRSS:\t    2048 kB\n");
        ProcStat stat = new ProcStat(proc);

        assertThat(stat.hostMemory()).isEqualTo(new ProcStat.HostMemory(600 * 1024, 1000 * 1024));
        assertThat(stat.rssBytes(77)).isEqualTo(2048 * 1024);
        assertThat(stat.rssBytes(78)).isZero();
        assertThat(stat.cpuTicks(78)).isEmpty();
    }

    @Test
    void theRealProcReportsThisJvm() {
        ProcStat stat = new ProcStat(Path.of("/proc"));
        long self = ProcessHandle.current().pid();

        assertThat(stat.rssBytes(self)).isPositive();
        assertThat(stat.cpuTicks(self)).isPresent();
        assertThat(ProcStat.kibField(List.of("VmRSS:   12 kB"), "VmRSS:")).isEqualTo(12);
    }
}
