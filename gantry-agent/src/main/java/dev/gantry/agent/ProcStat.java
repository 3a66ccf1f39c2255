package dev.gantry.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** Reads CPU time and resident memory of processes and of the host from {@code /proc}. */
final class ProcStat {
    /** Linux reports process CPU time in clock ticks of 1/100 s. */
    static final long TICKS_PER_SECOND = 100;

    private final Path proc;

    ProcStat(Path proc) {
        this.proc = proc;
    }

    /** utime + stime of one process in ticks, empty if it is gone. */
    OptionalLong cpuTicks(long pid) {
        try {
            return OptionalLong.of(parseCpuTicks(Files.readString(proc.resolve(pid + "/stat"))));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** VmRSS of one process in bytes, 0 if it is gone or has none (a zombie). */
    long rssBytes(long pid) {
        try {
            return kibField(Files.readAllLines(proc.resolve(pid + "/status")), "VmRSS:") * 1024;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The host's total and idle CPU time from the first line of /proc/stat, in ticks. */
    HostCpu hostCpu() throws IOException {
        return parseHostCpu(Files.readAllLines(proc.resolve("stat")).get(0));
    }

    /** MemTotal and MemTotal - MemAvailable in bytes. */
    HostMemory hostMemory() throws IOException {
        List<String> lines = Files.readAllLines(proc.resolve("meminfo"));
        long total = kibField(lines, "MemTotal:") * 1024;
        long available = kibField(lines, "MemAvailable:") * 1024;
        return new HostMemory(total - available, total);
    }

    static long parseCpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static HostCpu parseHostCpu(String line) {
        String[] f = line.trim().split("\\s+");
        if (!f[0].equals("cpu"))
            throw new IllegalArgumentException("/proc/stat: first line is not the cpu total: " + line);
        long total = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) total += Long.parseLong(f[i]);
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        return new HostCpu(total, idle);
    }

    static long kibField(List<String> lines, String name) {
        for (String line : lines) {
            if (line.startsWith(name))
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
        }
        return 0;
    }

    /** Cumulative host CPU ticks: all states (user..steal) and idle + iowait. */
    record HostCpu(long total, long idle) {
        double busyPercentSince(HostCpu earlier) {
            long dt = total - earlier.total;
            return dt <= 0 ? 0 : 100.0 * (dt - (idle - earlier.idle)) / dt;
        }
    }

    record HostMemory(long usedBytes, long totalBytes) {}
}
