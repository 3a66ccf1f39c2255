package dev.gantry.server.flags;

import dev.gantry.flags.EvaluationContext;
import dev.gantry.flags.FlagsClient;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark (not a test): one control plane with embedded Redis, N SDK {@link FlagsClient}s streaming
 * production, M sequential flag changes through the API. For each change: the time from the start of
 * the API write until the last of the N clients has applied it. Run with bench/flags-server/run.sh.
 */
public final class PropagationBench {
    private PropagationBench() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path dir = Files.createTempDirectory("gantry-flags-bench");
        try (GantryServer server = GantryServer.start(ServerConfig.of(dir, 0), List.of(FlagsFeature::new))) {
            Api api = new Api(server.apiUrl(), server.token());
            api.put("/api/v1/flags/bench", FlagFixtures.stringFlag("bench", "c0", "bench setup"));
            String key = api.post("/api/v1/sdk-keys", "{\"env\":\"production\",\"name\":\"bench\"}")
                    .json()
                    .path("key")
                    .asText();
            AtomicReference<CountDownLatch> pending = new AtomicReference<>(new CountDownLatch(clients));
            AtomicReference<String> expected = new AtomicReference<>("c0");
            List<FlagsClient> sdks = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                FlagsClient c = FlagsClient.builder()
                        .baseUrl(URI.create(server.apiUrl()))
                        .sdkKey(key)
                        .environment("production")
                        .build();
                c.addListener(keys -> {
                    if (expected.get().equals(c.stringValue("bench", EvaluationContext.empty(), "")))
                        pending.get().countDown();
                });
                sdks.add(c.start());
            }
            for (FlagsClient c : sdks)
                if (!c.awaitReady(Duration.ofSeconds(30)))
                    throw new IllegalStateException("a client never got its snapshot");
            long[] reads = new long[changes];
            for (int i = 0; i < changes; i++) {
                long t = System.nanoTime();
                api.get("/api/v1/flags/bench");
                reads[i] = System.nanoTime() - t;
            }
            Arrays.sort(reads);
            long[] allSeen = new long[changes];
            long[] written = new long[changes];
            for (int i = 1; i <= changes; i++) {
                String value = "c" + i;
                CountDownLatch latch = new CountDownLatch(clients);
                pending.set(latch);
                expected.set(value);
                long t0 = System.nanoTime();
                int status = api.put(
                                "/api/v1/flags/bench", FlagFixtures.stringFlag("bench", value, "bench change " + i))
                        .status();
                written[i - 1] = System.nanoTime() - t0;
                if (status != 200) throw new IllegalStateException("write " + i + " answered " + status);
                if (!latch.await(30, TimeUnit.SECONDS))
                    throw new IllegalStateException("change " + i + " did not reach every client");
                allSeen[i - 1] = System.nanoTime() - t0;
            }
            sdks.forEach(FlagsClient::close);
            Arrays.sort(allSeen);
            Arrays.sort(written);
            System.out.printf(
                    "propagation clients=%d changes=%d (write start -> all clients applied): p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms%n",
                    clients,
                    changes,
                    ms(pct(allSeen, 50)),
                    ms(pct(allSeen, 90)),
                    ms(pct(allSeen, 99)),
                    ms(allSeen[allSeen.length - 1]));
            System.out.printf(
                    "api write alone (PUT round trip): p50=%.2f ms p99=%.2f ms; api read (GET) p50=%.2f ms p99=%.2f ms; load average %s%n",
                    ms(pct(written, 50)),
                    ms(pct(written, 99)),
                    ms(pct(reads, 50)),
                    ms(pct(reads, 99)),
                    Files.readString(Path.of("/proc/loadavg")).strip());
        }
    }

    static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
