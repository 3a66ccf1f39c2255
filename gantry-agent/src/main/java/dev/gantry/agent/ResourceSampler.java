package dev.gantry.agent;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * CPU% (of one core) and RSS of process trees, and CPU% (of all cores) and memory of the host, each CPU figure
 * measured over the time since the previous sample of the same tree.
 */
final class ResourceSampler {
    private final ProcStat proc;
    private final Map<Long, Sample> previous = new HashMap<>();
    private ProcStat.HostCpu previousHost;

    ResourceSampler(ProcStat proc) {
        this.proc = proc;
    }

    /** Usage of a process tree; {@code rootPid} keys the previous sample. */
    synchronized Usage sample(long rootPid, List<ProcessHandle> tree, Instant now) {
        long ticks = 0;
        long rss = 0;
        for (ProcessHandle p : tree) {
            OptionalLong t = proc.cpuTicks(p.pid());
            if (t.isEmpty()) continue;
            ticks += t.getAsLong();
            rss += proc.rssBytes(p.pid());
        }
        Sample before = previous.put(rootPid, new Sample(ticks, now));
        return new Usage(before == null ? 0 : cpuPercent(before, ticks, now), rss);
    }

    /** Forgets roots that are no longer sampled. */
    synchronized void retain(java.util.Set<Long> rootPids) {
        previous.keySet().retainAll(rootPids);
    }

    synchronized HostUsage host() {
        try {
            ProcStat.HostCpu cpu = proc.hostCpu();
            double percent = previousHost == null ? 0 : cpu.busyPercentSince(previousHost);
            previousHost = cpu;
            ProcStat.HostMemory memory = proc.hostMemory();
            return new HostUsage(percent, memory.usedBytes(), memory.totalBytes());
        } catch (IOException | RuntimeException e) {
            return new HostUsage(0, 0, 0);
        }
    }

    private static double cpuPercent(Sample before, long ticks, Instant now) {
        double seconds = Duration.between(before.time, now).toNanos() / 1e9;
        if (seconds <= 0) return 0;
        double cpuSeconds = Math.max(0, ticks - before.ticks) / (double) ProcStat.TICKS_PER_SECOND;
        return 100.0 * cpuSeconds / seconds;
    }

    private record Sample(long ticks, Instant time) {}

    record Usage(double cpuPercent, long rssBytes) {}

    record HostUsage(double cpuPercent, long memUsedBytes, long memTotalBytes) {}
}
