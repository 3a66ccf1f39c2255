package dev.gantry.bench.monitoring;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gantry.api.Json;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One dashboard viewer: a viewer credential on {@code GET /api/v1/dashboard/events} (its own HTTP/1.1 connection),
 * reading the server-sent events on a virtual thread. For each host in a {@code samples} event it takes two
 * latencies while the {@link Window} is open: from when the agent sent that report (the sequence number in the
 * host's memory value, {@link SimulatedAgent#seqOf}) to now, and from the report's {@code receivedAt} (the control
 * plane's clock; same machine) to now, each at the report's first appearance on this stream (a repeat is counted,
 * not timed). Until it has seen samples of every host and instance it tracks which.
 */
final class Viewer implements Runnable {
    private static final JsonFactory JSON = Json.mapper().getFactory();
    private static final String PATH = "/api/v1/dashboard/events";
    private final URI url;
    private final String token;
    private final Map<String, SimulatedAgent> agents;
    private final int instancesPerHost;
    private final Window window;
    private final CountDownLatch covered;
    final Latencies fromSend = new Latencies();
    final Latencies fromReceived = new Latencies();
    private final Set<String> hostsSeen = new HashSet<>();
    private final Set<String> instancesSeen = new HashSet<>();
    private final Map<String, Long> lastSeq = new HashMap<>();
    private final AtomicReference<String> error = new AtomicReference<>();
    private volatile boolean closed;
    private volatile EventStream stream;
    private boolean isCovered;
    /** {@code samples} events, and bytes of events' data, received in the window. */
    volatile long samplesEvents;

    volatile long bytes;
    volatile long unmatched;
    /** Host samples of a report this viewer had already seen. */
    volatile long repeats;

    volatile int connects;

    Viewer(
            URI url,
            String token,
            Map<String, SimulatedAgent> agents,
            int instancesPerHost,
            Window window,
            CountDownLatch covered) {
        this.url = url;
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
                if (closed) return;
                error.compareAndSet(null, e.toString());
                if (connects >= 5) {
                    if (!isCovered) covered.countDown();
                    return;
                }
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
        EventStream in = stream;
        if (in != null) in.close();
    }

    private void stream() throws IOException {
        try (EventStream in = EventStream.open(url, PATH, token)) {
            stream = in;
            if (closed) return;
            for (String event; (event = in.next()) != null; ) {
                if (window.holdsNanos(System.nanoTime())) bytes += in.length();
                if (event.equals("samples")) samples(in.data(), in.length());
            }
        }
        if (!closed) error.compareAndSet(null, "the stream ended (the control plane closed it)");
    }

    /** Reads the hosts' samples (and, until covered, the instances' ids); skips everything else. */
    private void samples(byte[] data, int length) throws IOException {
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        if (window.holdsNanos(nowNanos)) samplesEvents++;
        try (JsonParser p = JSON.createParser(data, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("samples: not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("hosts")) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String host = p.currentName();
                        p.nextToken();
                        measure(host, p, nowNanos, nowMillis);
                        if (!isCovered) hostsSeen.add(host);
                    }
                    if (isCovered) break; // the rest (instances, apps) is only needed until covered
                } else if (field.equals("instances") && !isCovered) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        instancesSeen.add(p.currentName());
                        p.nextToken();
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        if (!isCovered
                && hostsSeen.containsAll(agents.keySet())
                && instancesSeen.size() >= agents.size() * instancesPerHost) {
            isCovered = true;
            covered.countDown();
        }
    }

    /** One host's sample ({@code p} at its START_OBJECT): both latencies of the report it came from. */
    private void measure(String host, JsonParser p, long nowNanos, long nowMillis) throws IOException {
        long memory = -1;
        long received = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            boolean number = value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT;
            if (field.equals("memoryBytes") && number) memory = p.getLongValue();
            else if (field.equals("receivedAt") && number) received = p.getLongValue();
            else p.skipChildren();
        }
        SimulatedAgent agent = agents.get(host);
        long seq = memory < 0 ? -1 : SimulatedAgent.seqOf(memory);
        Long last = lastSeq.put(host, seq);
        if (last != null && seq <= last) {
            repeats++; // the same report again (or an older one): only its first appearance is timed
            return;
        }
        long sent = agent == null || seq < 0 ? 0 : agent.sentAt(seq);
        if (sent == 0) {
            unmatched++;
        } else if (window.holdsNanos(sent)) {
            fromSend.add(nowNanos - sent);
        }
        if (received > 0 && window.holdsMillis(received)) fromReceived.add(nowMillis - received);
    }

    /** Hosts and instances seen so far (while not yet covered). */
    String coverage() {
        return hostsSeen.size() + " hosts, " + instancesSeen.size() + " instances";
    }
}
