package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.api.Json;
import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import dev.gantry.api.RouterReport;
import dev.gantry.api.client.ControlPlaneClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reports posted to a recording control plane (a JDK HttpServer) through the router's ControlPlaneClient. */
class RouterReporterTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final ConcurrentLinkedQueue<RouterReport> received = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> paths = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failedPosts = new AtomicInteger();
    private volatile int answer = 204;
    private FakeBackend stable;
    private FakeBackend canary;
    private Router router;
    private RouterReporter reporter;

    @BeforeEach
    void start() throws Exception {
        HttpServer plane = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        plane.createContext("/", this::record);
        plane.start();
        closeables.add(() -> plane.stop(0));
        stable = track(new FakeBackend("stable"));
        canary = track(new FakeBackend("canary"));
        canary.answerStatus = 503;
        router = track(Router.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .ioThreads(1)
                .name("edge-1")
                .build()
                .start());
        router.update(new RouteTable(
                1,
                List.of(new Route(
                                "web",
                                "shop.localhost",
                                "/",
                                null,
                                List.of(stable.backend(100, 1), canary.backend(100, 2)))
                        .withCanary(new Route.CanarySplit(2, 50, true, 50)))));
        ControlPlaneClient client = track(ControlPlaneClient.builder(
                        "http://127.0.0.1:" + plane.getAddress().getPort())
                .token("router-token")
                .retryFor(Duration.ZERO)
                .build());
        reporter = track(new RouterReporter(router, RouterReporter.posting(client, router.name()), Clock.systemUTC()));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables.reversed()) c.close();
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }

    private void record(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            paths.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " "
                    + ex.getRequestHeaders().getFirst("Authorization"));
            if (answer != 204) {
                failedPosts.incrementAndGet();
                ex.sendResponseHeaders(answer, -1);
                return;
            }
            received.add(Json.mapper().readValue(body, RouterReport.class));
            ex.sendResponseHeaders(204, -1);
        }
    }

    @Test
    void everySecondTheControlPlaneGetsEachBackendsCountsAndLatencies() throws Exception {
        reporter.start();
        int toStable = 0;
        int toCanary = 0;
        try (RawClient client = new RawClient(router.port())) {
            for (int i = 0; i < 60; i++) {
                if (client.get("shop.localhost", "/").status() == 200) toStable++;
                else toCanary++;
            }
        }
        int stableCount = toStable;
        int canaryCount = toCanary;
        await().atMost(Duration.ofSeconds(10))
                .until(() -> total("stable", RouterReport.Sample::requests) == stableCount);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> total("canary", RouterReport.Sample::requests) == canaryCount);
        assertThat(canaryCount)
                .as("the burst tripped the canary after 5 failures")
                .isEqualTo(5);
        assertThat(total("canary", RouterReport.Sample::errors)).isEqualTo(5);
        assertThat(total("stable", RouterReport.Sample::errors)).isZero();
        assertThat(samples("canary")).anyMatch(RouterReport.Sample::tripped);
        assertThat(samples("stable")).noneMatch(RouterReport.Sample::tripped);
        Histogram latencies = new Histogram(3);
        samples("stable").stream().filter(s -> s.latency() != null).forEach(s -> latencies.add(decode(s.latency())));
        assertThat(latencies.getTotalCount()).isEqualTo(stableCount);
        assertThat(latencies.getValueAtPercentile(50)).isBetween(1L, 5_000_000L);
        assertThat(samples("canary")).allMatch(s -> s.latency() == null);
        assertThat(received).allSatisfy(r -> {
            assertThat(r.router()).isEqualTo("edge-1");
            assertThat(r.to()).isGreaterThanOrEqualTo(r.from());
            assertThat(r.samples()).allSatisfy(s -> assertThat(s.app()).isEqualTo("web"));
        });
        assertThat(paths).allMatch(p -> p.equals("POST /api/v1/routers/edge-1/report Bearer router-token"));
    }

    @Test
    void anIntervalThatCannotBeDeliveredIsDroppedButItsTripIsReportedLater() throws Exception {
        answer = 503;
        try (RawClient client = new RawClient(router.port())) {
            while (canary.requests.get() < 5) client.get("shop.localhost", "/");
        }
        reporter.reportOnce();
        assertThat(failedPosts.get()).isEqualTo(1);
        reporter.reportOnce();
        assertThat(failedPosts.get())
                .as("a trip is worth a report even without traffic")
                .isEqualTo(2);

        answer = 204;
        try (RawClient client = new RawClient(router.port())) {
            for (int i = 0; i < 3; i++) client.get("shop.localhost", "/");
        }
        reporter.reportOnce();
        assertThat(received).hasSize(1);
        RouterReport report = received.poll();
        assertThat(report.samples())
                .containsExactlyInAnyOrder(
                        new RouterReport.Sample(
                                "web",
                                1,
                                "stable",
                                3,
                                0,
                                0,
                                report.samples().stream()
                                        .filter(s -> s.instance().equals("stable"))
                                        .findFirst()
                                        .orElseThrow()
                                        .latency(),
                                false),
                        new RouterReport.Sample("web", 2, "canary", 0, 0, 0, null, true));
        reporter.reportOnce();
        assertThat(received).as("nothing happened, nothing is sent").isEmpty();
    }

    private List<RouterReport.Sample> samples(String instance) {
        return received.stream()
                .flatMap(r -> r.samples().stream())
                .filter(s -> s.instance().equals(instance))
                .toList();
    }

    private long total(String instance, java.util.function.ToLongFunction<RouterReport.Sample> count) {
        return samples(instance).stream().mapToLong(count).sum();
    }

    private static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new AssertionError(e);
        }
    }
}
