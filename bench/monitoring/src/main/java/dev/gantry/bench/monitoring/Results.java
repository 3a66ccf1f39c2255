package dev.gantry.bench.monitoring;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;

/** What one run measured, the checks that make it valid, and the summary table against the targets. */
final class Results {
    private static final double MIB = 1024 * 1024;
    private final Options options;
    private final List<String> problems = new ArrayList<>();
    final List<Double> slices = new ArrayList<>();
    final Latencies fromSend = new Latencies();
    final Latencies fromReceived = new Latencies();
    final Latencies roundTrips = new Latencies();
    double cores;
    double redisCores;
    double selfCores;
    long heapMin;
    long heapMax;
    long liveHeap;
    int heapSamples;
    long peakRss;
    long posts;
    long failedPosts;
    long missedReports;
    long samplesEvents;
    long unmatched;
    long repeats;
    long bytes;
    long reconnects;
    AlertTiming alerts;
    Path jfr;

    Results(Options options) {
        this.options = options;
    }

    void problem(String what) {
        problems.add(what);
    }

    void addViewer(Viewer v) {
        fromSend.addAll(v.fromSend);
        fromReceived.addAll(v.fromReceived);
        samplesEvents += v.samplesEvents;
        unmatched += v.unmatched;
        repeats += v.repeats;
        bytes += v.bytes;
        reconnects += Math.max(0, v.connects - 1);
        if (v.error() != null) problem("a viewer's stream failed: " + v.error());
    }

    void addAgent(SimulatedAgent a) {
        failedPosts += a.failures();
        missedReports += a.missed();
        roundTrips.addAll(a.roundTrips);
        if (a.firstFailure() != null) problem("failed post: " + a.firstFailure());
    }

    /** Prints the summary; answers whether the run is valid (no failed post, every check passed). */
    boolean print(PrintStream out) {
        long windowSeconds = options.window().toSeconds();
        int hosts = options.hosts();
        out.println();
        out.printf(
                "== %d hosts x %d instances, a report a second each; %d viewers; steady window %d s after %d s warm-up%n",
                hosts,
                options.instances(),
                options.viewers(),
                windowSeconds,
                options.warmup().toSeconds());
        out.println("| figure | measured | target | met |");
        out.println("|---|---|---|---|");
        DoubleSummaryStatistics s =
                slices.stream().mapToDouble(Double::doubleValue).summaryStatistics();
        row(
                out,
                "control plane CPU, cores (10 s slices min-max)",
                "%.2f (%.2f-%.2f)".formatted(cores, s.getMin(), s.getMax()),
                "< 1",
                cores < 1);
        row(
                out,
                "heap used: lowest / highest of %d 1-s scrapes".formatted(heapSamples),
                "%.0f / %.0f MiB".formatted(heapMin / MIB, heapMax / MIB),
                "< 512 MiB",
                heapMax < 512 * MIB);
        row(out, "heap used right after a full GC (jcmd GC.run)", "%.0f MiB".formatted(liveHeap / MIB), "", null);
        row(out, "control plane RSS, peak", "%.0f MiB".formatted(peakRss / MIB), "", null);
        long p99 = fromSend.percentile(99) / 1_000_000;
        row(
                out,
                "sample -> stream, from the agent's send (%,d)".formatted(fromSend.size()),
                "p50 %d ms, p99 %d ms, max %d ms"
                        .formatted(fromSend.percentile(50) / 1_000_000, p99, fromSend.max() / 1_000_000),
                "p99 < 1 s",
                fromSend.size() > 0 && p99 < 1000);
        row(
                out,
                "sample -> stream, from receivedAt (%,d)".formatted(fromReceived.size()),
                "p50 %d ms, p99 %d ms, max %d ms"
                        .formatted(fromReceived.percentile(50), fromReceived.percentile(99), fromReceived.max()),
                "p99 < 1 s",
                fromReceived.size() > 0 && fromReceived.percentile(99) < 1000);
        if (alerts != null) {
            Latencies f = alerts.firing;
            row(
                    out,
                    "alert: for window end -> mail at GreenMail (%d)".formatted(f.size()),
                    "p50 %d ms, max %d ms".formatted(f.percentile(50) / 1_000_000, f.max() / 1_000_000),
                    "< 5 s",
                    f.max() < 5_000_000_000L);
            Latencies res = alerts.resolving;
            row(
                    out,
                    "alert: first calm report -> resolve mail (%d)".formatted(res.size()),
                    "p50 %d ms, max %d ms".formatted(res.percentile(50) / 1_000_000, res.max() / 1_000_000),
                    "",
                    null);
        }
        row(out, "embedded Redis CPU, cores", "%.2f".formatted(redisCores), "", null);
        row(out, "load generator CPU, cores (this process)", "%.2f".formatted(selfCores), "", null);
        row(
                out,
                "samples events per viewer per second",
                "%.1f".formatted((double) samplesEvents / options.viewers() / windowSeconds),
                "<= 4",
                null);
        row(
                out,
                "events' data to all viewers, in the window",
                "%.1f MiB/s".formatted(bytes / MIB / windowSeconds),
                "",
                null);
        row(out, "host samples repeated (a report already seen), whole run", "%,d".formatted(repeats), "", null);
        row(
                out,
                "agent report POST answered, whole run (%,d)".formatted(roundTrips.size()),
                "p50 %d ms, p99 %d ms, max %d ms"
                        .formatted(
                                roundTrips.percentile(50) / 1_000_000,
                                roundTrips.percentile(99) / 1_000_000,
                                roundTrips.max() / 1_000_000),
                "",
                null);
        row(out, "report slots skipped (a post took over 1 s), whole run", "%,d".formatted(missedReports), "0", null);
        row(
                out,
                "failed posts; viewer reconnects; unmatched samples",
                "%d; %d; %d".formatted(failedPosts, reconnects, unmatched),
                "0",
                failedPosts == 0);
        if (jfr != null) out.println("JFR recording of the steady window: " + jfr);
        for (String p : problems) out.println("PROBLEM: " + p);
        return problems.isEmpty() && failedPosts == 0;
    }

    private static void row(PrintStream out, String figure, String measured, String target, Boolean met) {
        out.printf("| %s | %s | %s | %s |%n", figure, measured, target, met == null ? "" : met ? "yes" : "**no**");
    }
}
