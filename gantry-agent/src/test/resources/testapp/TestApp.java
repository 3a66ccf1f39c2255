import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A tiny app for the agent tests, run as {@code java TestApp.java}. Serves /health and / on $PORT.
 * TEST_EXIT_CODE=n exits at once with n; TEST_HEALTH=never leaves /health unanswered; TEST_IGNORE_SIGTERM=1
 * ignores SIGTERM; TEST_CHILD=1 starts a child process (that also ignores SIGTERM) to make a process tree.
 * While a file named {@code unhealthy-$GANTRY_INSTANCE} exists in the working directory, /health answers 503.
 */
public class TestApp {
  public static void main(String[] args) throws Exception {
    String exitCode = System.getenv("TEST_EXIT_CODE");
    if (exitCode != null) {
      System.out.println("exiting at once with code " + exitCode);
      System.exit(Integer.parseInt(exitCode));
    }
    if ("1".equals(System.getenv("TEST_IGNORE_SIGTERM"))) {
      sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> System.out.println("ignoring SIGTERM"));
    }
    if ("1".equals(System.getenv("TEST_CHILD"))) {
      Process child = new ProcessBuilder("/bin/sh", "-c", "trap '' TERM; exec sleep 600").inheritIO().start();
      System.out.println("child pid " + child.pid());
    }
    int port = Integer.parseInt(System.getenv("PORT"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/health", TestApp::health);
    server.createContext("/", TestApp::root);
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stopping on SIGTERM")));
    System.out.println("listening on " + port);
  }

  private static void health(HttpExchange exchange) throws IOException {
    if ("never".equals(System.getenv("TEST_HEALTH"))) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        return;
      }
    }
    if (java.nio.file.Files.exists(java.nio.file.Path.of("unhealthy-" + System.getenv("GANTRY_INSTANCE")))) {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
      return;
    }
    send(exchange, "ok");
  }

  private static void root(HttpExchange exchange) throws IOException {
    StringBuilder body = new StringBuilder();
    for (String name : new String[] {"PORT", "GANTRY_APP", "GANTRY_RELEASE", "GANTRY_INSTANCE", "GREETING"}) {
      body.append(name).append('=').append(System.getenv(name)).append('\n');
    }
    body.append("java.home=").append(System.getProperty("java.home")).append('\n');
    send(exchange, body.toString());
  }

  private static void send(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
