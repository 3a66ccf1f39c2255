package dev.gantry.server.releases;

import dev.gantry.api.AgentReport;
import dev.gantry.api.AppSpec.Resources;
import dev.gantry.server.apps.Placement;
import java.util.Collection;
import java.util.Locale;

/**
 * What one host can still take, by reservation: its reported memory less {@link #RESERVED_MEMORY} for the agent and
 * the system, and its reported CPUs, less what the instances placed on it reserve. An instance reserves its app's
 * {@code resources}, or {@link #DEFAULT_MEMORY} and {@link #DEFAULT_CPU} for what its app leaves out. A host whose
 * agent does not report its memory (0) or CPU count (0: agents before the count was reported) is not limited by it.
 * CPU is counted in thousandths of a core, so that sums of fractions stay exact.
 *
 * @param host          the host's name
 * @param memoryBytes   memory instances may reserve on it; -1 when unknown
 * @param milliCpus     CPU instances may reserve on it, in thousandths of a core; -1 when unknown
 * @param reservedBytes memory its placed instances reserve
 * @param reservedMilli CPU its placed instances reserve, in thousandths of a core
 */
record Capacity(String host, long memoryBytes, long milliCpus, long reservedBytes, long reservedMilli) {
    /** What an instance reserves when its app declares no {@code resources.memory}: 256 MiB. */
    static final long DEFAULT_MEMORY = 256L << 20;
    /**
     * What an instance reserves when its app declares no {@code resources.cpu}: a tenth of a core. Small, because CPU
     * is shared without harm (an overcommitted host is slower, not killed): two cores take 20 such instances.
     */
    static final double DEFAULT_CPU = 0.1;
    /** Memory left to the agent, its JVM and the system on every host: 256 MiB. */
    static final long RESERVED_MEMORY = 256L << 20;

    /** The capacity of the host {@code agent} reports, with the instances of {@code placements} placed on it. */
    static Capacity of(AgentReport agent, Collection<Placement> placements) {
        long bytes = 0;
        long milli = 0;
        for (Placement p : placements) {
            if (!p.host().equals(agent.host())) continue;
            bytes += memory(p.spec().resources());
            milli += milliCpu(p.spec().resources());
        }
        long memory = agent.memTotalBytes() <= 0 ? -1 : Math.max(0, agent.memTotalBytes() - RESERVED_MEMORY);
        long cpus = agent.cpus() <= 0 ? -1 : agent.cpus() * 1000L;
        return new Capacity(agent.host(), memory, cpus, bytes, milli);
    }

    static long memory(Resources r) {
        return r.memoryBytes() > 0 ? r.memoryBytes() : DEFAULT_MEMORY;
    }

    static long milliCpu(Resources r) {
        return Math.round((r.cpu() > 0 ? r.cpu() : DEFAULT_CPU) * 1000);
    }

    /** Whether an instance reserving {@code r} fits beside those placed here. */
    boolean fits(Resources r) {
        return (memoryBytes < 0 || reservedBytes + memory(r) <= memoryBytes)
                && (milliCpus < 0 || reservedMilli + milliCpu(r) <= milliCpus);
    }

    /** Memory not yet reserved; {@link Long#MAX_VALUE} when the host's memory is unknown. */
    long freeBytes() {
        return memoryBytes < 0 ? Long.MAX_VALUE : memoryBytes - reservedBytes;
    }

    /** "h1 (free 128 MiB of 3840 MiB, 0.25 of 2 CPU)", for the error when no host has room. */
    String text() {
        String mem = memoryBytes < 0 ? "memory unknown" : "free " + mib(freeBytes()) + " of " + mib(memoryBytes);
        String cpu =
                milliCpus < 0 ? "CPUs unknown" : cores(milliCpus - reservedMilli) + " of " + cores(milliCpus) + " CPU";
        return host + " (" + mem + ", " + cpu + ")";
    }

    /** "256 MiB, 0.25 CPU": what an instance with {@code r} reserves. */
    static String text(Resources r) {
        return mib(memory(r)) + ", " + cores(milliCpu(r)) + " CPU";
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    private static String cores(long milli) {
        return String.format(Locale.ROOT, "%.2f", milli / 1000.0).replaceAll("\\.?0+$", "");
    }
}
