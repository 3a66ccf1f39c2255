package dev.gantry.cli;

import dev.gantry.api.AppSummary;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.flags.EnvConfig;
import dev.gantry.flags.Flag;
import dev.gantry.server.ServerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Start the whole platform on this machine, deploy the example services and print their URLs.")
final class DemoCommand implements Callable<Integer> {
  static final List<String> APPS = List.of("examples/hello", "services/markdown", "examples/websocket-echo");

  @Option(names = "--data-dir", description = "data directory (env GANTRY_DATA, default ~/.gantry)")
  Path dataDir;

  @Option(names = "--port", defaultValue = "7070", description = "API port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--router-port", defaultValue = "8080", description = "router port (default ${DEFAULT-VALUE})")
  int routerPort;

  @Option(names = "--agent-port", defaultValue = "7071", description = "agent endpoint port (default ${DEFAULT-VALUE})")
  int agentPort;

  @Mixin
  RouterOptions edge;

  @Option(names = "--home", description = "the Gantry checkout holding examples/ (env GANTRY_HOME, default: current directory)")
  Path home;

  @Override
  public Integer call() throws Exception {
    Path root = home != null ? home : Path.of(System.getenv().getOrDefault("GANTRY_HOME", "."));
    for (String app : APPS) {
      if (!Files.exists(root.resolve(app).resolve("gantry.yml"))) {
        throw new CliException("cannot find " + app + "/gantry.yml under " + root.toAbsolutePath().normalize() + "; run from the Gantry checkout or pass --home");
      }
    }
    requireFree("--port", port);
    requireFree("--router-port", routerPort);
    requireFree("--agent-port", agentPort);
    if (!edge.noTls && edge.tlsPort > 0) requireFree("--tls-port", edge.tlsPort);
    ServerConfig config = ServerConfig.of(ApiOptions.resolveDataDir(dataDir), port);
    java.nio.file.Files.createDirectories(config.dataDir());
    Path log = config.dataDir().resolve("gantry.log");
    System.setProperty("org.slf4j.simpleLogger.logFile", log.toString());
    System.out.println("starting Gantry (data in " + config.dataDir() + ", log in " + log + ")");
    Embedded gantry = Embedded.start(config, null, edge.builder(config.dataDir(), config.bindAddress(), routerPort), "local", agentPort);
    ControlPlaneClient api = ControlPlaneClient.builder(gantry.server().apiUrl()).token(gantry.server().token())
        .header("X-Gantry-Actor", System.getProperty("user.name", "cli")).build();
    try {
      for (String app : APPS) deployOnce(api, root.resolve(app));
      seedFlags(api);
    } catch (Exception e) {
      gantry.close();
      throw e;
    }
    printUrls(gantry, config, edge.localCaCertificate(config.dataDir()));
    Signals.awaitStop(() -> {
      System.out.println("\nstopping Gantry");
      gantry.close(true);
    });
    return 0;
  }

  private static void deployOnce(ControlPlaneClient api, Path dir) throws Exception {
    String name = DeployCommand.readSpec(dir).name();
    var existing = api.getList("/api/v1/apps", AppSummary.class).stream()
        .filter(a -> a.name().equals(name) && a.release() > 0).findFirst();
    if (existing.isPresent()) {
      System.out.println(name + ": release " + existing.get().release()
          + " is already deployed; its instances start again (redeploy with: ./gantry deploy " + dir + ")");
      return;
    }
    System.out.println("deploying " + name + " from " + dir + " (build, then rolling start)");
    Path tar = DeployCommand.pack(dir);
    try {
      var accepted = api.upload("/api/v1/deploys?source=demo", tar, "application/gzip", DeploymentAccepted.class);
      DeploymentFollower.follow(api, accepted, System.out);
    } finally {
      Files.deleteIfExists(tar);
    }
  }

  /** The two flags hello reads, created once so that they can be flipped at once. */
  private static void seedFlags(ControlPlaneClient api) throws IOException {
    seed(api, new Flag("hello-banner", Flag.STRING, "a line above hello's greeting",
        Map.of("none", "", "sale", "*** Spring sale: everything half price ***"),
        Map.of("production", EnvConfig.serving("none")), null, false, null, 0, 0, null));
    seed(api, new Flag("hello-time-api", Flag.BOOLEAN, "whether hello's /api/time answers", Map.of("on", true, "off", false),
        Map.of("production", EnvConfig.serving("on")), null, false, null, 0, 0, null));
  }

  private static void seed(ControlPlaneClient api, Flag flag) throws IOException {
    boolean exists = api.getList("/api/v1/flags", Flag.class).stream().anyMatch(f -> f.key().equals(flag.key()));
    if (!exists) api.put("/api/v1/flags/" + flag.key(), FlagsCommand.body(flag, "created by gantry demo"), Flag.class);
  }

  private static void printUrls(Embedded gantry, ServerConfig config, Path caCertificate) {
    int rp = gantry.routerPort();
    int tls = gantry.routerTlsPort();
    System.out.println();
    System.out.println("Gantry is running. Press Ctrl-C to stop everything.");
    System.out.println("  router      http://127.0.0.1:" + rp + "  (routes by Host header)"
        + (tls > 0 ? "   HTTPS with HTTP/2: https://127.0.0.1:" + tls : ""));
    System.out.println("  hello       http://hello.localhost:" + rp + "/        curl -H 'Host: hello.localhost' http://127.0.0.1:" + rp + "/");
    if (tls > 0) {
      String trust = caCertificate == null ? "-k" : "--cacert " + caCertificate;
      System.out.println("              https://hello.localhost:" + tls + "/       curl --http2 " + trust + " https://hello.localhost:" + tls + "/");
    }
    System.out.println("  markdown    http://markdown.localhost:" + rp + "/     curl -H 'Host: markdown.localhost' -H 'Content-Type: application/json' \\");
    System.out.println("                -d '{\"markdown\":\"{}\\n---\\n### Hi\"}' http://127.0.0.1:" + rp + "/api/design/survey");
    System.out.println("  websocket   http://echo.localhost:" + rp + "/         a page that echoes over ws://echo.localhost:" + rp + "/ws"
        + (tls > 0 ? " (and https://echo.localhost:" + tls + "/ over wss://)" : ""));
    System.out.println("  API         " + gantry.server().apiUrl());
    System.out.println("  admin token " + config.dataDir().resolve("token"));
    System.out.println("  try         ./gantry ps    ./gantry apps    ./gantry logs hello    ./gantry scale hello 5");
    System.out.println("  flags       ./gantry flags set hello-banner --string 'Hello, flags!' --reason 'try it'   (hello shows it at once)");
    System.out.println("              ./gantry flags set hello-time-api --boolean off --reason 'try it'   (hello's /api/time answers 503, no restart)");
  }

  private static void requireFree(String option, int port) {
    try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
    } catch (IOException e) {
      throw new CliException("port " + port + " is in use (is another Gantry running?); choose another with " + option);
    }
  }
}
