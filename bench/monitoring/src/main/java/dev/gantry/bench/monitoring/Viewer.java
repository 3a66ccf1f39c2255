package dev.gantry.bench.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One dashboard viewer: a viewer credential on {@code GET /api/v1/dashboard/events} (its own HTTP/1.1 connection),
 * reading the server-sent events on a virtual thread. For each host in a {@code samples} event it takes two
 * latencies while the {@link Window} is open: from when the agent sent that report (the sequence number in the
 * host's memory value, {@link SimulatedAgent#seqOf}) to now, and from the report's {@code receivedAt} (the control
 * plane's clock; same machine) to now. Until it has seen samples of every host and instance it tracks which.
 */
final class Viewer implements Runnable {
    private static final ObjectMapper JSON = Json.mapper();
    private final HttpClient http;
    private final URI events;
    private final String token;
    private final Map<String, SimulatedAgent> agents;
    private final int instancesPerHost;
    private final Window window;
    private final CountDownLatch covered;
    final Latencies fromSend = new Latencies();
    final Latencies fromReceived = new Latencies();
    private final Set<String> hostsSeen = new HashSet<>();
    private final Set<String> instancesSeen = new HashSet<>();
    private final AtomicReference<String> error = new AtomicReference<>();
    private volatile boolean closed;
    private volatile InputStream body;
    private boolean isCovered;
    /** {@code samples} events and stream bytes (characters) received in the window. */
    volatile long samplesEvents;

    volatile long bytes;
    volatile long unmatched;
    volatile int connects;

    Viewer(
            HttpClient http,
            URI url,
            String token,
            Map<String, SimulatedAgent> agents,
            int instancesPerHost,
            Window window,
            CountDownLatch covered) {
        this.http = http;
        this.events = url.resolve("/api/v1/dashboard/events");
        this.token = token;
        this.agents = agents;
        this.instancesPerHost = instancesPerHost;
        this.window = window;
        this.covered = covered;
    }

    @Override
    public void run() {
        while (!closed) {
            try {
                connects++;
                stream();
            } catch (IOException e) {
                if (!closed) error.compareAndSet(null, e.toString());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                error.compareAndSet(null, e.toString());
                if (!isCovered) covered.countDown(); // gives up: the setup need not wait for it
                return;
            }
        }
    }

    /** Why the stream failed or ended early, if it did. */
    String error() {
        return error.get();
    }

    void close() throws IOException {
        closed = true;
        InputStream in = body;
        if (in != null) in.close();
    }

    private void stream() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(events)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        body = response.body();
        if (response.statusCode() != 200) {
            String text = new String(body.readNBytes(2000), StandardCharsets.UTF_8);
            body.close();
            throw new IllegalStateException("GET " + events + ": HTTP " + response.statusCode() + ": " + text);
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = "message";
            StringBuilder data = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                if (window.holdsNanos(System.nanoTime())) bytes += line.length() + 1;
                if (line.isEmpty()) {
                    if (!data.isEmpty()) dispatch(event, data.toString());
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) data.append('\n');
                    data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
            }
        }
        if (!closed) error.compareAndSet(null, "the stream ended (the control plane closed it)");
    }

    private void dispatch(String event, String data) throws IOException {
        if (!event.equals("samples")) return;
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        if (window.holdsNanos(nowNanos)) samplesEvents++;
        JsonNode samples = JSON.readTree(data);
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        samples.path("hosts").properties().iterator();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            measure(e.getKey(), e.getValue(), nowNanos, nowMillis);
        }
        if (!isCovered) track(samples);
    }

    private void measure(String host, JsonNode value, long nowNanos, long nowMillis) {
        SimulatedAgent agent = agents.get(host);
        long sent = agent == null
                ? 0
                : agent.sentAt(SimulatedAgent.seqOf(value.path("memoryBytes").asLong()));
        if (sent == 0) {
            unmatched++;
        } else if (window.holdsNanos(sent)) {
            fromSend.add(nowNanos - sent);
        }
        long received = value.path("receivedAt").asLong();
        if (received > 0 && window.holdsMillis(received)) fromReceived.add(nowMillis - received);
    }

    private void track(JsonNode samples) {
        samples.path("hosts").properties().forEach(e -> hostsSeen.add(e.getKey()));
        samples.path("instances").properties().forEach(e -> instancesSeen.add(e.getKey()));
        if (hostsSeen.containsAll(agents.keySet()) && instancesSeen.size() >= agents.size() * instancesPerHost) {
            isCovered = true;
            covered.countDown();
        }
    }

    /** Hosts and instances seen so far (while not yet covered). */
    String coverage() {
        return hostsSeen.size() + " hosts, " + instancesSeen.size() + " instances";
    }
}
