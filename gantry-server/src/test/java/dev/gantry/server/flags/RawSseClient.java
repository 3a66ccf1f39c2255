package dev.gantry.server.flags;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A plain SSE reader (no SDK) that records every event it receives, for stream tests. */
public final class RawSseClient implements AutoCloseable {
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final InputStream body;
    private final int status;
    private final Thread reader;

    public RawSseClient(String url, String token, Long lastEventId) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId.toString());
        HttpResponse<InputStream> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        this.status = r.statusCode();
        this.body = r.body();
        this.reader = Thread.ofVirtual().start(this::read);
    }

    public int status() {
        return status;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<Event> events(String type) {
        return events.stream().filter(e -> e.event().equals(type)).toList();
    }

    /** Whether the server ended the stream (the reader saw its end). */
    public boolean ended() {
        return !reader.isAlive();
    }

    long lastId() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).id();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            long id = 0;
            String event = "message";
            StringBuilder data = new StringBuilder();
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) events.add(new Event(id, event, data.toString()));
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("id: ")) {
                    id = Long.parseLong(line.substring(4));
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
        reader.interrupt();
    }

    public record Event(long id, String event, String data) {}
}
