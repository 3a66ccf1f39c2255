package dev.gantry.server.dashboard;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Reads the dashboard's event stream over real HTTP and records each event with when it arrived. */
final class EventReader implements AutoCloseable {
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final HttpResponse<InputStream> response;
    private final Thread reader;

    /** Opens the stream with these headers (a bearer, or a session cookie). */
    EventReader(String url, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        headers.forEach(b::header);
        response = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        reader = Thread.ofVirtual().start(this::read);
    }

    int status() {
        return response.statusCode();
    }

    List<Event> events(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    /** The first event of this name whose data, read as {@code type}, passes {@code test}; null when none has yet. */
    <T> Arrived<T> first(String name, Class<T> type, Predicate<T> test) {
        for (Event e : events(name)) {
            T data = Json.read(e.data(), type);
            if (test.test(data)) return new Arrived<>(data, e.nanos());
        }
        return null;
    }

    /** Whether the server ended the stream. */
    boolean ended() {
        return !reader.isAlive();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            String name = "message";
            StringBuilder data = new StringBuilder();
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) events.add(new Event(name, data.toString(), System.nanoTime()));
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
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
        response.body().close();
        reader.interrupt();
    }

    record Event(String name, String data, long nanos) {}

    record Arrived<T>(T data, long nanos) {}
}
