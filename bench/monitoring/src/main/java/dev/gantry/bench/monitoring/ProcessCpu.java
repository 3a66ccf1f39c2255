package dev.gantry.bench.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU time and resident memory as Linux accounts them ({@code /proc/<pid>/stat}: utime + stime, in
 * clock ticks; {@code /proc/<pid>/status}: VmRSS). Cores used over a window = CPU seconds / wall seconds.
 */
record ProcessCpu(long pid, long ticks, long atNanos) {
    /** Clock ticks per second ({@code getconf CLK_TCK}); 100 on every Linux this runs on. */
    static final long TICKS_PER_SECOND = ticksPerSecond();

    static ProcessCpu of(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // Fields after the command (which may hold spaces) start with the state, field 3; utime and stime are 14, 15.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new ProcessCpu(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]), System.nanoTime());
    }

    /** Cores used from {@code earlier} to this reading. */
    double coresSince(ProcessCpu earlier) {
        double cpuSeconds = (double) (ticks - earlier.ticks) / TICKS_PER_SECOND;
        return cpuSeconds / ((atNanos - earlier.atNanos) / 1e9);
    }

    /** Resident memory now, in bytes. */
    static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
        throw new IOException("/proc/" + pid + "/status: no VmRSS line");
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
