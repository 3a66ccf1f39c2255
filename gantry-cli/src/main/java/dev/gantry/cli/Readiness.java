package dev.gantry.cli;

import dev.gantry.api.AppSummary;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceView;
import dev.gantry.api.client.ControlPlaneClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Whether apps are ready for their first request: every instance READY by the API, and each app
 * answering 2xx or 3xx through the router as many times in a row as it has instances (so that
 * round-robin has reached each one). What the demo waits for before it says "Gantry is running".
 */
final class Readiness {
    /** How often the API and the router are asked again. */
    static final Duration POLL = Duration.ofMillis(200);

    /** What shows that {@code app} is routable: GET {@code path} through the router with {@code Host: host}. */
    record Probe(String app, String host, String path) {}

    /** Where things stand: instances that failed (no point waiting), and what is not ready yet. */
    record Verdict(List<String> failed, List<String> waiting) {
        boolean ready() {
            return failed.isEmpty() && waiting.isEmpty();
        }

        /** Whether something of {@code app} is not ready yet (every line starts with the app's name). */
        boolean waitsFor(String app) {
            return waiting.stream().anyMatch(w -> w.startsWith(app + " "));
        }
    }

    private final ControlPlaneClient api;
    private final int routerPort;
    private final Clock clock;

    Readiness(ControlPlaneClient api, int routerPort, Clock clock) {
        this.api = api;
        this.routerPort = routerPort;
        this.clock = clock;
    }

    /** Asks every {@link #POLL} until all probes pass, an instance fails, or {@code timeout} has passed; returns the last verdict. */
    Verdict await(List<Probe> probes, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            Verdict v = check(probes);
            if (v.ready() || !v.failed().isEmpty() || !clock.instant().isBefore(deadline)) return v;
            Thread.sleep(POLL);
        }
    }

    private Verdict check(List<Probe> probes) throws IOException {
        Map<String, AppSummary> apps = api.getList("/api/v1/apps", AppSummary.class).stream()
                .collect(Collectors.toMap(AppSummary::name, Function.identity()));
        Verdict v = instances(probes, apps, api.getList("/api/v1/instances", InstanceView.class));
        for (Probe p : probes) {
            if (v.failed().isEmpty() && !v.waitsFor(p.app()))
                routed(p, apps.get(p.app()).instances(), v.waiting());
        }
        return v;
    }

    /**
     * The verdict on the instances alone: an app's desired instances must all be listed and READY; FAILED, CRASH_LOOP
     * or OOM (killed by its memory limit: it will be again) fails.
     */
    static Verdict instances(List<Probe> probes, Map<String, AppSummary> apps, List<InstanceView> instances) {
        List<String> failed = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (Probe p : probes) {
            AppSummary app = apps.get(p.app());
            if (app == null) {
                waiting.add(p.app() + " is not known to the control plane");
                continue;
            }
            int ready = 0;
            int notReady = 0;
            for (InstanceView i : instances) {
                if (!i.app().equals(p.app()) || i.draining()) continue;
                if (i.state() == InstanceState.READY) {
                    ready++;
                    continue;
                }
                notReady++;
                boolean gaveUp = i.state() == InstanceState.FAILED
                        || i.state() == InstanceState.CRASH_LOOP
                        || i.state() == InstanceState.OOM;
                (gaveUp ? failed : waiting).add(describe(i));
            }
            if (ready < app.instances() && notReady == 0)
                waiting.add(p.app() + " has " + ready + " of " + app.instances() + " instances ready");
        }
        return new Verdict(failed, waiting);
    }

    /** "hello instance hello-2 is CRASH_LOOP: exited with code 1". */
    static String describe(InstanceView i) {
        return i.app() + " instance " + i.id() + " is " + i.state()
                + (i.message() == null || i.message().isBlank() ? "" : ": " + i.message());
    }

    private void routed(Probe p, int times, List<String> waiting) {
        for (int n = 0; n < Math.max(1, times); n++) {
            String status = status(p);
            if (!status.startsWith("2") && !status.startsWith("3")) {
                waiting.add(p.app() + " answers " + status + " to GET " + p.path() + " through the router (Host: "
                        + p.host() + ")");
                return;
            }
        }
    }

    /**
     * The status code of one GET through the router, or why there was none. A socket of its own: the
     * JDK client refuses to set Host, and this is a probe of an app, not a call of the control plane's API.
     */
    private String status(Probe p) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), routerPort)) {
            s.setSoTimeout(5_000);
            String request = "GET " + p.path() + " HTTP/1.1\r\nHost: " + p.host() + "\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String line = statusLine(s.getInputStream());
            String[] parts = line.split(" ");
            return parts.length >= 2 && line.startsWith("HTTP/") ? parts[1] : "\"" + line + "\"";
        } catch (IOException e) {
            return "nothing (" + e.getMessage() + ")";
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n' && line.length() < 200; c = in.read()) {
            if (c != '\r') line.append((char) c);
        }
        return line.toString();
    }
}
