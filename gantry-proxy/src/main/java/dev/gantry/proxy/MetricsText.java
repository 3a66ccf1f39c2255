package dev.gantry.proxy;

import java.util.Locale;

/** Prometheus text exposition (format 0.0.4) of the router's per-backend counters. */
final class MetricsText {
    private MetricsText() {}

    static String render(RouterStats stats) {
        StringBuilder out = new StringBuilder(1024);
        header(out, "gantry_router_requests_total", "counter", "Requests sent to a backend (each attempt counts).");
        stats.backends().forEach(b -> sample(out, "gantry_router_requests_total", labels(b), b.requests()));
        header(
                out,
                "gantry_router_errors_total",
                "counter",
                "5xx answers, connect failures, broken connections and timeouts.");
        stats.backends().forEach(b -> sample(out, "gantry_router_errors_total", labels(b), b.errors()));
        header(out, "gantry_router_outstanding_requests", "gauge", "Requests in flight.");
        stats.backends().forEach(b -> sample(out, "gantry_router_outstanding_requests", labels(b), b.outstanding()));
        header(out, "gantry_router_backend_healthy", "gauge", "1 when the backend takes traffic, 0 while ejected.");
        stats.backends().forEach(b -> sample(out, "gantry_router_backend_healthy", labels(b), b.healthy() ? 1 : 0));
        header(
                out,
                "gantry_router_request_duration_seconds",
                "histogram",
                "Time from request to the end of the response (for a WebSocket: to its 101).");
        stats.backends().forEach(b -> histogram(out, b));
        webSockets(out, stats);
        canaries(out, stats);
        connections(out, stats.connections());
        return out.toString();
    }

    private static void webSockets(StringBuilder out, RouterStats stats) {
        header(out, "gantry_router_websockets_open", "gauge", "WebSockets open now.");
        stats.backends().forEach(b -> sample(out, "gantry_router_websockets_open", labels(b), b.webSocketsOpen()));
        header(out, "gantry_router_websockets_total", "counter", "WebSockets opened (the backend answered 101).");
        stats.backends().forEach(b -> sample(out, "gantry_router_websockets_total", labels(b), b.webSocketsTotal()));
        header(
                out,
                "gantry_router_websocket_upgrades_refused_total",
                "counter",
                "WebSocket handshakes the backend answered with something other than 101.");
        stats.backends()
                .forEach(b -> sample(
                        out,
                        "gantry_router_websocket_upgrades_refused_total",
                        labels(b),
                        b.webSocketUpgradesRefused()));
    }

    private static void canaries(StringBuilder out, RouterStats stats) {
        header(
                out,
                "gantry_router_canary_share_percent",
                "gauge",
                "Percent of requests the canary gets now (0 once tripped).");
        stats.canaries().forEach(c -> sample(out, "gantry_router_canary_share_percent", labels(c), c.share()));
        header(
                out,
                "gantry_router_canary_tripped",
                "gauge",
                "1 when the router took the canary's share away (an error burst).");
        stats.canaries().forEach(c -> sample(out, "gantry_router_canary_tripped", labels(c), c.tripped() ? 1 : 0));
    }

    private static String labels(RouterStats.Canary c) {
        return "app=\"" + escape(c.app()) + "\",release=\"" + c.release() + "\"";
    }

    private static void connections(StringBuilder out, RouterStats.Connections c) {
        header(out, "gantry_router_client_connections", "gauge", "Client connections open now.");
        out.append("gantry_router_client_connections ").append(c.open()).append('\n');
        header(
                out,
                "gantry_router_connections_rejected_total",
                "counter",
                "Client connections refused with 503 over a connection limit.");
        sample(out, "gantry_router_connections_rejected_total", "limit=\"router\"", c.rejectedRouterFull());
        sample(out, "gantry_router_connections_rejected_total", "limit=\"client\"", c.rejectedClientFull());
        header(
                out,
                "gantry_router_bad_requests_total",
                "counter",
                "Requests the router refused itself as malformed (400, 405, 417, 501, 505).");
        out.append("gantry_router_bad_requests_total ").append(c.badRequests()).append('\n');
        header(
                out,
                "gantry_router_client_timeouts_total",
                "counter",
                "Client connections ended by a timeout, by phase.");
        sample(out, "gantry_router_client_timeouts_total", "phase=\"header\"", c.headerTimeouts());
        sample(out, "gantry_router_client_timeouts_total", "phase=\"body\"", c.bodyTimeouts());
        sample(out, "gantry_router_client_timeouts_total", "phase=\"send\"", c.sendTimeouts());
        sample(out, "gantry_router_client_timeouts_total", "phase=\"idle\"", c.idleCloses());
        header(
                out,
                "gantry_router_tls_handshake_failures_total",
                "counter",
                "TLS connections that failed before a protocol was chosen.");
        out.append("gantry_router_tls_handshake_failures_total ")
                .append(c.tlsHandshakeFailures())
                .append('\n');
        header(
                out,
                "gantry_router_local_answers_total",
                "counter",
                "Answers the router gave itself: 404 (no route for the host and path), 503 (no healthy backend).");
        sample(out, "gantry_router_local_answers_total", "code=\"404\",reason=\"no_route\"", c.noRoute());
        sample(out, "gantry_router_local_answers_total", "code=\"503\",reason=\"no_backend\"", c.noBackend());
    }

    private static void histogram(StringBuilder out, BackendStats b) {
        String labels = labels(b);
        double[] bounds = BackendStats.latencyBoundsSeconds();
        long cumulative = 0;
        long[] counts = b.latencyBucketCounts();
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i];
            String le = i < bounds.length ? String.valueOf(bounds[i]) : "+Inf";
            sample(out, "gantry_router_request_duration_seconds_bucket", labels + ",le=\"" + le + "\"", cumulative);
        }
        out.append("gantry_router_request_duration_seconds_sum{")
                .append(labels)
                .append("} ")
                .append(String.format(Locale.ROOT, "%.6f", b.latencySumSeconds()))
                .append('\n');
        sample(out, "gantry_router_request_duration_seconds_count", labels, cumulative);
    }

    private static String labels(BackendStats b) {
        return "app=\"" + escape(b.app()) + "\",release=\"" + b.release() + "\",backend=\"" + escape(b.backendId())
                + "\"";
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, long value) {
        out.append(name).append('{').append(labels).append("} ").append(value).append('\n');
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
