package dev.gantry.bench.monitoring;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The control plane under monitoring load, as its own process: {@code hosts} simulated agents (one credential,
 * connection and virtual thread each) report {@code instances} instances every second, staggered over the second,
 * while
 * {@code viewers} dashboard viewers hold the event stream. After a warm-up it measures, over a steady window, the
 * control plane's CPU ({@code /proc}), heap ({@code /metrics}) and the sample-to-stream latency; then, under the
 * same load, the alert-to-mail time ({@link AlertTiming}). Prints a summary; exits 1 if a post failed or a viewer
 * did not see every host and instance.
 */
public final class MonitoringBenchmark {
    private static final Duration COVERAGE_DEADLINE = Duration.ofSeconds(90);
    private static final PrintStream out = System.out;

    private MonitoringBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(o.jar()))
            throw new IllegalArgumentException("--jar: " + o.jar() + " is not a file (build gantry-cli first)");
        Files.createDirectories(o.out());
        System.exit(run(o) ? 0 : 1);
    }

    private static boolean run(Options o) throws Exception {
        Results r = new Results(o);
        List<String> jvm = new ArrayList<>(List.of("-XX:+UseSerialGC")); // as the gantry launcher runs it
        if (Runtime.version().feature() >= 23) jvm.add("--sun-misc-unsafe-memory-access=allow");
        try (AlertTiming alerts = new AlertTiming();
                ControlPlane cp = ControlPlane.start(o.jar(), o.out(), alerts.writeAlertsFile(o.out()), jvm)) {
            out.printf("control plane %s, pid %d (log %s)%n", cp.url(), cp.pid(), ControlPlane.log(o.out()));
            Map<String, SimulatedAgent> agents = agents(o, cp);
            String viewerToken = cp.credential("bench-viewer", "viewer");
            List<Thread> agentThreads = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Window window = new Window();
            List<Viewer> viewers = new ArrayList<>();
            try (HeapProbe heap = new HeapProbe(cp.url(), cp.credential("bench-metrics", "metrics"))) {
                long start = System.nanoTime();
                int i = 0;
                for (SimulatedAgent a : agents.values()) {
                    long first = start + 1_000_000_000L * i++ / o.hosts();
                    agentThreads.add(Thread.ofVirtual().name(a.host()).start(() -> a.reportEverySecond(first, stop)));
                }
                CountDownLatch covered = new CountDownLatch(o.viewers());
                for (int v = 0; v < o.viewers(); v++) {
                    Viewer viewer = new Viewer(cp.url(), viewerToken, agents, o.instances(), window, covered);
                    viewers.add(viewer);
                    Thread.ofVirtual().name("viewer-" + v).start(viewer);
                }
                if (!covered.await(COVERAGE_DEADLINE.toSeconds(), TimeUnit.SECONDS)
                        || viewers.stream().anyMatch(v -> v.error() != null)) {
                    r.problem("not every viewer saw samples of every host and instance within "
                            + COVERAGE_DEADLINE.toSeconds() + " s: " + coverage(viewers));
                } else {
                    measure(o, cp, heap, window, r, agents, viewers, alerts);
                }
            } finally {
                stop.set(true); // a post in flight finishes: an interrupted one would count as failed
                for (Thread t : agentThreads) {
                    if (!t.join(Duration.ofSeconds(30))) r.problem(t.getName() + ": its post still runs after 30 s");
                }
                for (Viewer v : viewers) {
                    v.close();
                    r.addViewer(v);
                }
                for (SimulatedAgent a : agents.values()) {
                    r.addAgent(a);
                    a.close();
                }
            }
            if (!cp.alive()) r.problem("the control plane exited during the run; see " + ControlPlane.log(o.out()));
        }
        return r.print(out);
    }

    /** Warm-up, the steady window, then the alert rounds under the same load. */
    private static void measure(
            Options o,
            ControlPlane cp,
            HeapProbe heap,
            Window window,
            Results r,
            Map<String, SimulatedAgent> agents,
            List<Viewer> viewers,
            AlertTiming alerts)
            throws Exception {
        out.printf(
                "setup: %d agents reporting, %d viewers each saw samples of all %d hosts and %d instances%n",
                o.hosts(), o.viewers(), o.hosts(), o.hosts() * o.instances());
        out.printf(
                "warm-up %d s, then a steady window of %d s%n",
                o.warmup().toSeconds(), o.window().toSeconds());
        Thread.sleep(o.warmup());
        steadyWindow(o, cp, heap, window, r);
        Thread.sleep(Duration.ofSeconds(2)); // samples of the window's last reports still on their way
        r.liveHeap = heap.afterFullGc(cp.pid());
        if (o.alerts() > 0) {
            out.printf("alerts: %d rounds of one instance at 95%% CPU under the same load%n", o.alerts());
            alerts.measure(agents.values().iterator().next(), o.alerts(), out);
            r.alerts = alerts;
        }
    }

    private static Map<String, SimulatedAgent> agents(Options o, ControlPlane cp) throws IOException {
        Map<String, SimulatedAgent> agents = new LinkedHashMap<>();
        for (int i = 1; i <= o.hosts(); i++) {
            String host = SimulatedAgent.hostName(i);
            String token = cp.credential("agent:" + host, "agent");
            agents.put(host, new SimulatedAgent(cp.url(), host, i, o.instances(), token));
        }
        return agents;
    }

    /** CPU of the control plane, its Redis and this generator; heap each second; latencies in {@code window}. */
    private static void steadyWindow(Options o, ControlPlane cp, HeapProbe heap, Window window, Results r)
            throws Exception {
        long redis = cp.redisPid().orElse(-1L);
        long self = ProcessHandle.current().pid();
        if (o.jfr()) Jfr.start(cp.pid());
        ProcessCpu cp0 = ProcessCpu.of(cp.pid());
        ProcessCpu redis0 = redis > 0 ? ProcessCpu.of(redis) : null;
        ProcessCpu self0 = ProcessCpu.of(self);
        heap.reset();
        window.open();
        long seconds = o.window().toSeconds();
        ProcessCpu slice = cp0;
        for (long s = 1; s <= seconds; s++) {
            Thread.sleep(Duration.ofSeconds(1));
            heap.sample();
            r.peakRss = Math.max(r.peakRss, ProcessCpu.rssBytes(cp.pid()));
            if (s % 10 == 0) {
                ProcessCpu now = ProcessCpu.of(cp.pid());
                r.slices.add(now.coresSince(slice));
                slice = now;
            }
        }
        window.close();
        r.cores = ProcessCpu.of(cp.pid()).coresSince(cp0);
        r.redisCores = redis0 == null ? Double.NaN : ProcessCpu.of(redis).coresSince(redis0);
        r.selfCores = ProcessCpu.of(self).coresSince(self0);
        r.heapMin = heap.min();
        r.heapMax = heap.max();
        r.heapSamples = heap.samples();
        if (o.jfr()) r.jfr = Jfr.stop(cp.pid(), o.out().resolve("control-plane.jfr"));
    }

    private static String coverage(List<Viewer> viewers) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < viewers.size() && b.length() < 2000; i++) {
            Viewer v = viewers.get(i);
            b.append("\n  viewer ").append(i).append(": ").append(v.coverage());
            if (v.error() != null) b.append(", ").append(v.error());
        }
        return b.toString();
    }

    /** JFR on the control plane, through jcmd. */
    static final class Jfr {
        static void start(long pid) throws IOException, InterruptedException {
            jcmd(pid, "JFR.start", "name=bench", "settings=profile");
        }

        static Path stop(long pid, Path file) throws IOException, InterruptedException {
            jcmd(pid, "JFR.stop", "name=bench", "filename=" + file.toAbsolutePath());
            return file;
        }

        private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
            List<String> argv = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid)));
            argv.addAll(List.of(command));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) throw new IOException(String.join(" ", argv) + " failed: " + text.strip());
        }
    }
}
