package dev.gantry.examples.hello;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The example service: answers {@code /} with a greeting naming its app, release and instance, and
 * {@code /health} for readiness. Stops gracefully on SIGTERM: in-flight requests finish. {@link Faults} from the
 * environment make it slower or fail a share of its requests, the health path excepted.
 */
public final class Hello {
    private final HttpServer server;
    private final String app = env("GANTRY_APP", "hello");
    private final String release = env("GANTRY_RELEASE", "0");
    private final String instance = env("GANTRY_INSTANCE", "local");
    private final Flags flags = Flags.fromEnvironment(instance);
    private final Faults faults;

    Hello(int port, Faults faults) throws IOException {
        this.faults = faults;
        server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(
                "/health",
                ex -> send(
                        ex,
                        200,
                        "application/json",
                        "{\"status\":\"ok\",\"app\":\"" + app + "\",\"release\":" + release + ",\"instance\":\""
                                + instance + "\"}\n"));
        server.createContext("/api/time", faulty(this::time));
        server.createContext("/", faulty(this::greet));
    }

    public static void main(String[] args) throws IOException {
        Faults faults;
        try {
            faults = Faults.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("hello: " + e.getMessage());
            System.exit(2);
            return;
        }
        Hello hello = new Hello(Integer.parseInt(env("PORT", "8000")), faults);
        hello.start();
        Runtime.getRuntime().addShutdownHook(new Thread(hello::stop));
        System.out.println("hello listening on port " + hello.port() + " release " + hello.release + faults.describe());
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(2);
        flags.close();
    }

    /** {@code handler} behind the faults: the delay first, then maybe a 500 instead of the answer. */
    private HttpHandler faulty(HttpHandler handler) {
        if (faults.equals(Faults.NONE)) return handler;
        return ex -> {
            long delay = faults.delayMillis(ThreadLocalRandom.current());
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (faults.fails(ThreadLocalRandom.current())) {
                send(
                        ex,
                        500,
                        "text/plain; charset=utf-8",
                        "Failing on purpose (" + Faults.ERRORS + ") in " + app + " release " + release + " instance "
                                + instance + "\n");
                return;
            }
            handler.handle(ex);
        };
    }

    private void greet(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/")) {
            send(ex, 404, "text/plain", "not found: " + ex.getRequestURI().getPath() + "\n");
            return;
        }
        String banner = flags.banner(user(ex));
        send(
                ex,
                200,
                "text/plain; charset=utf-8",
                (banner.isEmpty() ? "" : banner + "\n") + "Hello from " + app + " release " + release + " instance "
                        + instance + "\n");
    }

    private void time(HttpExchange ex) throws IOException {
        if (!flags.timeApi(user(ex))) {
            send(ex, 503, "text/plain", "the time API is switched off by the flag " + Flags.TIME_API + "\n");
            return;
        }
        send(ex, 200, "text/plain", java.time.Instant.now() + "\n");
    }

    /** Who asks: {@code ?user=NAME}, for flags that target users; anonymous otherwise. */
    private static String user(HttpExchange ex) {
        String q = ex.getRequestURI().getQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                if (pair.startsWith("user=") && pair.length() > 5) return pair.substring(5);
            }
        }
        return "anonymous";
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
