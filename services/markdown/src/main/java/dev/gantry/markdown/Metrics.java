package dev.gantry.markdown;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prometheus text exposition, written by hand (no registry dependency, a few hundred bytes of
 * state): request counts by route and status, and a render latency histogram.
 */
final class Metrics {
    private static final double[] BUCKETS_SECONDS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5
    };
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder[] buckets = new LongAdder[BUCKETS_SECONDS.length];
    private final LongAdder renderCount = new LongAdder();
    private final LongAdder renderNanos = new LongAdder();

    Metrics() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void request(String route, int status) {
        requests.computeIfAbsent(route + "\u0000" + status, k -> new LongAdder())
                .increment();
    }

    void render(long nanos) {
        renderCount.increment();
        renderNanos.add(nanos);
        double seconds = nanos / 1e9;
        for (int i = 0; i < BUCKETS_SECONDS.length; i++) {
            if (seconds <= BUCKETS_SECONDS[i]) {
                buckets[i].increment();
            }
        }
    }

    String exposition() {
        StringBuilder out = new StringBuilder(2048);
        out.append("# HELP markdown_http_requests_total HTTP requests by route and status.\n");
        out.append("# TYPE markdown_http_requests_total counter\n");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(requests).entrySet()) {
            String[] parts = e.getKey().split("\u0000");
            out.append("markdown_http_requests_total{route=\"")
                    .append(parts[0])
                    .append("\",status=\"")
                    .append(parts[1])
                    .append("\"} ")
                    .append(e.getValue().sum())
                    .append('\n');
        }
        out.append("# HELP markdown_render_seconds Time to render one survey (successful renders).\n");
        out.append("# TYPE markdown_render_seconds histogram\n");
        for (int i = 0; i < BUCKETS_SECONDS.length; i++) {
            out.append("markdown_render_seconds_bucket{le=\"")
                    .append(java.math.BigDecimal.valueOf(BUCKETS_SECONDS[i]).toPlainString())
                    .append("\"} ")
                    .append(buckets[i].sum())
                    .append('\n');
        }
        long count = renderCount.sum();
        out.append("markdown_render_seconds_bucket{le=\"+Inf\"} ").append(count).append('\n');
        out.append("markdown_render_seconds_sum ")
                .append(renderNanos.sum() / 1e9)
                .append('\n');
        out.append("markdown_render_seconds_count ").append(count).append('\n');
        return out.toString();
    }
}
