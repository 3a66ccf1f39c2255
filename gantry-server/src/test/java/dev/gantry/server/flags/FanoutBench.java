package dev.gantry.server.flags;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark (not a test): a control plane ({@link BenchServer}, a child JVM) holding N raw SSE
 * streams opened by this process over one NIO selector; then M sequential flag changes, each
 * timed from the start of its API write until every stream has received it. Reports the control
 * plane's heap, RSS and threads at N streams. Run with bench/flags-server/run.sh.
 */
public final class FanoutBench {
    private static final byte[] FLAG = "event: flag\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SNAPSHOT = "event: snapshot\n".getBytes(StandardCharsets.US_ASCII);

    private FanoutBench() {}

    public static void main(String[] args) throws Exception {
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-Xmx1g",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BenchServer.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
                PrintWriter in = new PrintWriter(child.getOutputStream(), true)) {
            String[] ready = out.readLine().split(" ");
            Api api = new Api(ready[1], ready[2]);
            int port = Integer.parseInt(ready[1].substring(ready[1].lastIndexOf(':') + 1));
            api.put("/api/v1/flags/fan", FlagFixtures.stringFlag("fan", "c0", "bench setup"));
            String key = api.post("/api/v1/sdk-keys", "{\"env\":\"production\",\"name\":\"fanout\"}")
                    .json()
                    .path("key")
                    .asText();
            in.println("STATS");
            String idle = out.readLine();
            try (Streams s = new Streams(port, key, streams)) {
                long t = System.nanoTime();
                s.openAll();
                System.out.printf(
                        "opened %d streams (all got their snapshot) in %.1f s%n",
                        streams, (System.nanoTime() - t) / 1e9);
                in.println("STATS");
                String loaded = out.readLine();
                long rss = rssKb(child.pid());
                long[] latency = new long[changes];
                for (int i = 1; i <= changes; i++) {
                    long t0 = System.nanoTime();
                    int status = api.put(
                                    "/api/v1/flags/fan", FlagFixtures.stringFlag("fan", "c" + i, "fan-out change " + i))
                            .status();
                    if (status != 200) throw new IllegalStateException("write " + i + " answered " + status);
                    s.awaitAll(i, 60_000);
                    latency[i - 1] = System.nanoTime() - t0;
                }
                Arrays.sort(latency);
                System.out.println("control plane before streams: " + idle);
                System.out.println("control plane with streams:   " + loaded + " rssMB=" + (rss >> 10));
                System.out.printf(
                        "propagation to all %d streams over %d changes: p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms; load average %s%n",
                        streams,
                        changes,
                        PropagationBench.ms(PropagationBench.pct(latency, 50)),
                        PropagationBench.ms(PropagationBench.pct(latency, 90)),
                        PropagationBench.ms(PropagationBench.pct(latency, 99)),
                        PropagationBench.ms(latency[latency.length - 1]),
                        Files.readString(Path.of("/proc/loadavg")).strip());
            }
            in.println("QUIT");
        } finally {
            child.destroy();
            child.waitFor();
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }

    /** N SSE connections on one selector; counts "event: flag" and "event: snapshot" lines per connection. */
    static final class Streams implements AutoCloseable {
        private final Selector selector = Selector.open();
        private final int port;
        private final byte[] request;
        private final int count;
        private final List<Conn> conns = new ArrayList<>();
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

        Streams(int port, String key, int count) throws IOException {
            this.port = port;
            this.count = count;
            this.request =
                    ("GET /api/v1/flags/stream?env=production HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                                    + "Authorization: Bearer " + key + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
        }

        void openAll() throws IOException {
            for (int i = 0; i < count; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                ch.write(ByteBuffer.wrap(request));
                ch.configureBlocking(false);
                Conn c = new Conn();
                conns.add(c);
                ch.register(selector, SelectionKey.OP_READ, c);
                if (i % 200 == 199) pump(50);
            }
            long deadline = System.currentTimeMillis() + 120_000;
            while (conns.stream().anyMatch(c -> c.snapshots == 0)) {
                if (System.currentTimeMillis() > deadline)
                    throw new IllegalStateException("not every stream got a snapshot");
                pump(100);
            }
        }

        void awaitAll(int flagEvents, long timeoutMillis) throws IOException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            int behind = 0;
            for (Conn c : conns) if (c.flags < flagEvents) behind++;
            while (behind > 0) {
                if (System.currentTimeMillis() > deadline)
                    throw new IllegalStateException(behind + " streams never got change " + flagEvents);
                pump(100);
                behind = 0;
                for (Conn c : conns) if (c.flags < flagEvents) behind++;
            }
        }

        private void pump(long waitMillis) throws IOException {
            if (selector.select(waitMillis) == 0) return;
            for (SelectionKey k : selector.selectedKeys()) {
                Conn c = (Conn) k.attachment();
                buffer.clear();
                int n = ((SocketChannel) k.channel()).read(buffer);
                if (n < 0) throw new IllegalStateException("the control plane closed a stream");
                buffer.flip();
                while (buffer.hasRemaining()) c.accept(buffer.get());
            }
            selector.selectedKeys().clear();
        }

        @Override
        public void close() throws IOException {
            for (SelectionKey k : selector.keys()) k.channel().close();
            selector.close();
        }
    }

    /** Per-connection matcher for the two event lines (the preceding byte is always a newline). */
    static final class Conn {
        int flags;
        int snapshots;
        private int flagPos;
        private int snapPos;

        void accept(byte b) {
            flagPos = b == FLAG[flagPos] ? flagPos + 1 : (b == FLAG[0] ? 1 : 0);
            if (flagPos == FLAG.length) {
                flags++;
                flagPos = 0;
            }
            snapPos = b == SNAPSHOT[snapPos] ? snapPos + 1 : (b == SNAPSHOT[0] ? 1 : 0);
            if (snapPos == SNAPSHOT.length) {
                snapshots++;
                snapPos = 0;
            }
        }
    }
}
