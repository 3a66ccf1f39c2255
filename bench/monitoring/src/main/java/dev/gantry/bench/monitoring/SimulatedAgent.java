package dev.gantry.bench.monitoring;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.Json;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.api.client.Reply;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One simulated host: its own agent credential and keep-alive client (as a real agent has), reporting its instances
 * when {@link #report()} is called (once a second, {@link #reportEverySecond}). CPU and memory change from report
 * to report; every memory value ends in the report's sequence number ({@link #seqOf}), so a viewer seeing the value
 * knows which report it came from and {@link #sentAt} when that report was sent.
 */
final class SimulatedAgent implements AutoCloseable {
    /** Memory values are whole megabytes plus the sequence number: it is the value modulo this. */
    static final long SEQ_MODULUS = 1_000_000;

    private static final long HOST_MEMORY = 64L << 30;
    private static final int CAPACITY = 1 << 14;
    private final String host;
    private final int index;
    private final int instances;
    private final ControlPlaneClient client;
    private final long[] sentAt = new long[CAPACITY];
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    /** How long each post took to be answered, nanoseconds. */
    final Latencies roundTrips = new Latencies();

    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final AtomicReference<Burn> burn = new AtomicReference<>(new Burn(false, null));
    private int seq;

    SimulatedAgent(URI url, String host, int index, int instances, String token) {
        this.host = host;
        this.index = index;
        this.instances = instances;
        this.client = ControlPlaneClient.builder(url).token(token).build();
    }

    static String hostName(int i) {
        return "h%03d".formatted(i);
    }

    static String instanceId(String host, int j) {
        return host + "-app%02d".formatted(j);
    }

    String host() {
        return host;
    }

    /**
     * Reports every second from {@code firstNanos} on until {@code stop}. A report that could not start within a
     * second of its slot (the previous post took that long) is skipped, and counted ({@link #missed}).
     */
    void reportEverySecond(long firstNanos, AtomicBoolean stop) {
        long next = firstNanos;
        while (!stop.get()) {
            long wait = next - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            if (stop.get()) return;
            report();
            next += SECOND;
            long behind = System.nanoTime() - next;
            if (behind > SECOND) {
                long slots = behind / SECOND;
                missed.addAndGet(slots);
                next += slots * SECOND;
            }
        }
    }

    /** Sends the next report (one at a time per agent). */
    synchronized void report() {
        int n = ++seq;
        Burn b = burn.get();
        AgentReport report = build(n, b.on);
        long started = System.nanoTime();
        if (n < CAPACITY) sentAt[n] = started;
        if (b.firstReport != null) b.firstReport.complete(started);
        try {
            Reply reply = client.exchange(
                    "POST", "/api/v1/agents/" + host + "/report", Json.write(report), "application/json");
            roundTrips.add(System.nanoTime() - started);
            if (reply.status() != 204) fail("HTTP " + reply.status() + ": " + reply.body());
        } catch (Exception e) {
            fail(e.toString());
        }
    }

    /**
     * From the next report on, instance 1 reports {@code on ? 95 : its usual} % CPU; answers when (nanoTime) the
     * first report saying so was sent.
     */
    CompletableFuture<Long> burn(boolean on) {
        CompletableFuture<Long> first = new CompletableFuture<>();
        burn.set(new Burn(on, first));
        return first;
    }

    /** When report {@code seq} was sent (nanoTime), 0 if unknown. */
    long sentAt(long seq) {
        return seq > 0 && seq < CAPACITY ? sentAt[(int) seq] : 0;
    }

    static long seqOf(long memoryBytes) {
        return memoryBytes % SEQ_MODULUS;
    }

    /** Report slots skipped because a post had taken more than a second. */
    long missed() {
        return missed.get();
    }

    long failures() {
        return failures.get();
    }

    String firstFailure() {
        return firstFailure.get();
    }

    @Override
    public void close() {
        client.close();
    }

    private AgentReport build(int n, boolean burning) {
        List<InstanceStatus> list = new ArrayList<>(instances);
        long now = System.currentTimeMillis();
        for (int j = 1; j <= instances; j++) {
            double cpu = burning && j == 1 ? 95.0 : wave(5, 40, j, n);
            long memory = (120 + Math.round(wave(0, 80, j + 7, n))) * SEQ_MODULUS + n;
            list.add(new InstanceStatus(
                    instanceId(host, j),
                    "app%02d".formatted(j),
                    1,
                    host,
                    "127.0.0.1",
                    20000 + j,
                    100_000L * index + j,
                    InstanceState.READY,
                    0,
                    now - 3_600_000,
                    null,
                    cpu,
                    memory));
        }
        long hostMemory = (8000 + Math.round(wave(0, 2000, 0, n))) * SEQ_MODULUS + n;
        return new AgentReport(
                host, "127.0.0.1", "http://127.0.0.1:7071", now, 0, list, wave(10, 30, 0, n), hostMemory, HOST_MEMORY);
    }

    /** A value in [low, low + span) that moves with the report number, different per series; two decimals. */
    private double wave(double low, double span, int series, int n) {
        double x = 0.5 + 0.5 * Math.sin(index * 0.37 + series * 1.3 + n * 0.21);
        return Math.round((low + span * x) * 100) / 100.0;
    }

    private void fail(String why) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, host + " report " + seq + ": " + why);
    }

    private record Burn(boolean on, CompletableFuture<Long> firstReport) {}
}
