package dev.gantry.server.flags;

import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The control plane side of {@link FanoutBench}, run as its own JVM so that neither process needs
 * more than ~10,000 file descriptors. Prints {@code READY url token}, then answers {@code STATS}
 * lines on stdin with heap, thread and stream counts; exits on {@code QUIT} or end of input.
 */
public final class BenchServer {
    private BenchServer() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("gantry-flags-fanout");
        AtomicReference<FlagsFeature> feature = new AtomicReference<>();
        try (GantryServer server = GantryServer.start(ServerConfig.of(dir, 0), List.of(r -> {
            FlagsFeature f = new FlagsFeature(r);
            feature.set(f);
            return f;
        }))) {
            System.out.println("READY " + server.apiUrl() + " " + server.token());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
            String line;
            while ((line = in.readLine()) != null && !line.equals("QUIT")) {
                if (line.equals("STATS")) {
                    System.gc();
                    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                    System.out.printf(
                            "STATS streams=%d heapUsedMB=%d heapCommittedMB=%d threads=%d%n",
                            feature.get().streamCount(),
                            heap.getUsed() >> 20,
                            heap.getCommitted() >> 20,
                            ManagementFactory.getThreadMXBean().getThreadCount());
                }
            }
        }
    }
}
