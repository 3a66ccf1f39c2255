package dev.gantry.examples.hello;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The example service: answers {@code /} with a greeting naming its app, release and instance, and
 * {@code /health} for readiness. Stops gracefully on SIGTERM: in-flight requests finish.
 */
public final class Hello {
  private final HttpServer server;
  private final String app = env("GANTRY_APP", "hello");
  private final String release = env("GANTRY_RELEASE", "0");
  private final String instance = env("GANTRY_INSTANCE", "local");

  Hello(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 512);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/health", ex -> send(ex, 200, "application/json", "{\"status\":\"ok\",\"app\":\"" + app
        + "\",\"release\":" + release + ",\"instance\":\"" + instance + "\"}\n"));
    server.createContext("/", this::greet);
  }

  public static void main(String[] args) throws IOException {
    Hello hello = new Hello(Integer.parseInt(env("PORT", "8000")));
    hello.server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> hello.server.stop(2)));
    System.out.println("hello listening on port " + hello.server.getAddress().getPort() + " release " + hello.release);
  }

  private void greet(HttpExchange ex) throws IOException {
    if (!ex.getRequestURI().getPath().equals("/")) {
      send(ex, 404, "text/plain", "not found: " + ex.getRequestURI().getPath() + "\n");
      return;
    }
    send(ex, 200, "text/plain; charset=utf-8", "Hello from " + app + " release " + release + " instance " + instance + "\n");
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
