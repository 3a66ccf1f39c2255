package dev.gantry.bench.monitoring;

import dev.gantry.api.client.ControlPlaneClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The control plane's heap as it reports it: the sum of {@code jvm_memory_used_bytes{area="heap"}} over its pools
 * on {@code /metrics}, read with a metrics credential. Each {@link #sample()} keeps the lowest and highest seen; the
 * lowest of one-second samples is the used-after-GC-ish figure, {@link #afterFullGc} the live set itself.
 */
final class HeapProbe implements AutoCloseable {
    private final ControlPlaneClient client;
    private long min = Long.MAX_VALUE;
    private long max;
    private int samples;

    HeapProbe(URI url, String metricsToken) {
        this.client = ControlPlaneClient.builder(url).token(metricsToken).build();
    }

    /** Scrapes once; answers the heap in use now. */
    synchronized long sample() throws IOException {
        long used = heapUsed(client.getText("/metrics").body());
        min = Math.min(min, used);
        max = Math.max(max, used);
        samples++;
        return used;
    }

    synchronized long min() {
        return min;
    }

    synchronized long max() {
        return max;
    }

    synchronized int samples() {
        return samples;
    }

    synchronized void reset() {
        min = Long.MAX_VALUE;
        max = 0;
        samples = 0;
    }

    /** Runs a full GC in {@code pid} ({@code jcmd GC.run}) and answers the heap in use right after it. */
    long afterFullGc(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.run")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new IOException("jcmd " + pid + " GC.run failed: " + out.strip());
        return heapUsed(client.getText("/metrics").body());
    }

    /** The sum of {@code jvm_memory_used_bytes{area="heap",...}} in a Prometheus text scrape. */
    static long heapUsed(String scrape) {
        double sum = 0;
        boolean found = false;
        for (String line : scrape.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) throw new IllegalStateException("/metrics: no jvm_memory_used_bytes{area=\"heap\"} line");
        return (long) sum;
    }

    @Override
    public void close() {
        client.close();
    }
}
